from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovservicesConfig(AppConfig):
    name = "civicgrid.govservices"
    label = "govservices"
    verbose_name = _("Government services")

    def ready(self) -> None:
        from civicgrid.core import ticks
        from civicgrid.core.workdays import calendar_changed

        from . import deadlines

        ticks.register("govservices.watch_deadlines", deadlines.watch_deadlines)
        calendar_changed.connect(_recompute, dispatch_uid="govservices.recompute_provisional")


def _recompute(sender: object, years: set[int], **kwargs: object) -> None:
    from .deadlines import recompute_provisional

    recompute_provisional(years)
