from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "civicgrid.ratings"
    label = "ratings"
    verbose_name = _("Household star ratings")
