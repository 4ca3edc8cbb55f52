from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "civicgrid.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from civicgrid.core import ticks
        from civicgrid.core.workdays import calendar_changed

        from . import actions

        ticks.register("events.escalate_overdue", actions.escalate_overdue)
        calendar_changed.connect(_recompute, dispatch_uid="events.recompute_provisional")


def _recompute(sender: object, years: set[int], **kwargs: object) -> None:
    from .actions import recompute_provisional

    recompute_provisional(years)
