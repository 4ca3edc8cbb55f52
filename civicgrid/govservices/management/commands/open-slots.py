"""``civicgrid open-slots --hall NAME | --all [--days 10] [--capacity 4]``: open appointment slots.

Opens one slot per hour (9–11 and 14–16 o'clock) on the coming working days at the named hall or at
every hall, acting as the first administrator account; existing slots are left as they are, so
running it every day (from cron) keeps the next ``--days`` working days open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.core.errors import ActionError
from civicgrid.govservices.actions.appointments import open_slots
from civicgrid.govservices.models import Hall


class Command(BaseCommand):
    help = "Open appointment slots on the coming working days at one hall or at every hall."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--hall", help="the hall's name (区政务服务中心, 甲镇便民服务中心, …)")
        which.add_argument("--all", action="store_true", help="every hall")
        parser.add_argument("--days", type=int, default=10, help="working days (default 10)")
        parser.add_argument("--capacity", type=int, default=4, help="places per slot (default 4)")
        parser.add_argument("--minutes", type=int, default=60, help="length of a slot (default 60)")
        parser.add_argument(
            "--from", dest="first_day", type=date.fromisoformat, help="first day (default today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        admin = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk").first()
        if admin is None:
            raise CommandError("There is no active administrator account to act as.")
        if options["all"]:
            halls = list(Hall.objects.order_by("region_id", "name"))
        else:
            halls = list(Hall.objects.filter(name=options["hall"]))
            if not halls:
                raise CommandError(f"No hall is named {options['hall']!r}.")
        first_day = options["first_day"] or timezone.localdate()
        total = 0
        for hall in halls:
            try:
                created = open_slots(
                    admin,
                    hall,
                    first_day,
                    options["days"],
                    minutes=options["minutes"],
                    capacity=options["capacity"],
                )
            except ActionError as exc:
                raise CommandError(exc.message) from exc
            total += created
            self.stdout.write(f"{hall.name}: {created} slots opened")
        self.stdout.write(f"{total} slots opened at {len(halls)} halls from {first_day}.")
