from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "civicgrid.inquiries"
    label = "inquiries"
    verbose_name = _("Online inquiries")

    def ready(self) -> None:
        from civicgrid.core import ticks
        from civicgrid.core.workdays import calendar_changed

        from .deadlines import watch_inquiries

        ticks.register("inquiries.watch", watch_inquiries)
        calendar_changed.connect(_recompute, dispatch_uid="inquiries.recompute_provisional")


def _recompute(sender: object, years: set[int], **kwargs: object) -> None:
    from .deadlines import recompute_provisional

    recompute_provisional(years)
