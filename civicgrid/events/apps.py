from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "civicgrid.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from civicgrid.core import ticks

        from . import actions

        ticks.register("events.escalate_overdue", actions.escalate_overdue)
