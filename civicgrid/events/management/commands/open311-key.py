"""``civicgrid open311-key create NAME | revoke NAME | list``: API keys of Open311 clients.

``create`` prints the new key alone on standard output (so ``KEY=$(civicgrid open311-key create
app)`` works); it is not stored and cannot be shown again. ``list`` never shows a key, only the
first characters that tell keys apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from civicgrid.core.errors import ActionError
from civicgrid.events.apikeys import create_api_key, revoke_api_key
from civicgrid.events.models import ApiKey


def _when(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else "-"


class Command(BaseCommand):
    help = "Create, revoke or list the API keys Open311 clients post service requests with."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a key and print it (shown only once)")
        create.add_argument("name")
        revoke = sub.add_parser("revoke", help="refuse the key from now on")
        revoke.add_argument("name")
        sub.add_parser("list", help="list keys (name, prefix, dates; never the key)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["verb"] == "create":
                _key, raw = create_api_key(options["name"])
                self.stdout.write(raw)
                self.stderr.write("Store this key now: it cannot be shown again.")
            elif options["verb"] == "revoke":
                key = revoke_api_key(options["name"])
                self.stdout.write(f"revoked {key.name} ({key.prefix}…)")
            else:
                self._list()
        except ActionError as exc:
            raise CommandError(exc.message) from exc

    def _list(self) -> None:
        rows = [("name", "prefix", "created", "revoked", "last used")]
        rows += [
            (
                k.name,
                f"{k.prefix}…",
                _when(k.created_at),
                _when(k.revoked_at),
                _when(k.last_used_at),
            )
            for k in ApiKey.objects.order_by("name")
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
