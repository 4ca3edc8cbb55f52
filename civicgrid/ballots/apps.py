from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "civicgrid.ballots"
    label = "ballots"
    verbose_name = _("Livelihood-project ballots")
