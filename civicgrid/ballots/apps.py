from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "civicgrid.ballots"
    label = "ballots"
    verbose_name = _("Livelihood-project ballots")

    def ready(self) -> None:
        from civicgrid.core import ticks

        from . import actions

        ticks.register("ballots.close_due", actions.close_due_ballots)
