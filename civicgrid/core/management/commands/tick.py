"""``civicgrid tick``: run the periodic work once (overdue events, escalation, …)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civicgrid.core import ticks


class Command(BaseCommand):
    help = "Run the periodic work once: mark overdue cases and escalate them."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, counts in ticks.run_all().items():
            summary = ", ".join(f"{k} {v}" for k, v in counts.items()) or "nothing to do"
            self.stdout.write(f"{name}: {summary}")
