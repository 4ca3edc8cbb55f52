from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "civicgrid.inquiries"
    label = "inquiries"
    verbose_name = _("Online inquiries")

    def ready(self) -> None:
        from civicgrid.core import ticks

        from .deadlines import watch_inquiries

        ticks.register("inquiries.watch", watch_inquiries)
