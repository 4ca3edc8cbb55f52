from __future__ import annotations

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
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
        user_logged_in.connect(_claim_reports, dispatch_uid="events.claim_reports")


def _claim_reports(sender: object, request: object, user: object, **kwargs: object) -> None:
    """Reports filed in this browser before signing in become the resident's own."""
    from .actions import claim_reports

    session = getattr(request, "session", None)
    if session is not None:
        claim_reports(user, session.pop("reported", []))


def _recompute(sender: object, years: set[int], **kwargs: object) -> None:
    from .actions import recompute_provisional

    recompute_provisional(years)
