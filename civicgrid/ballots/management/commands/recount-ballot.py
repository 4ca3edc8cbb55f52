"""``civicgrid recount-ballot ID``: recount a closed or published ballot from its stored ballots.

Prints each candidate's for / against / abstain from the stored ballots next to the kept result
and exits non-zero when they differ, acting as the first administrator account (audited).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicgrid.accounts.models import Role, User
from civicgrid.ballots.actions import recount_ballot
from civicgrid.ballots.models import Ballot
from civicgrid.core.errors import ActionError


class Command(BaseCommand):
    help = "Recount a ballot from its stored ballots and compare with the kept result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ballot", type=int, help="the ballot's id")

    def handle(self, *args: Any, **options: Any) -> None:
        ballot = Ballot.objects.filter(pk=options["ballot"]).first()
        if ballot is None:
            raise CommandError("No such ballot.")
        actor = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
        try:
            outcome = recount_ballot(actor, ballot)
        except ActionError as exc:
            raise CommandError(exc.message) from None
        kept = {r["candidate"]: r for r in (outcome.stored_result or {}).get("rows", [])}
        for r in outcome.recomputed["rows"]:
            k = kept.get(r["candidate"], {})
            self.stdout.write(
                f"{r['position']:>3} {r['title']}: {r['for']}/{r['against']}/{r['abstain']}"
                f"  kept {k.get('for', '-')}/{k.get('against', '-')}/{k.get('abstain', '-')}"
                f"{'  chosen' if r['chosen'] else ''}"
            )
        self.stdout.write(
            f"stored ballots {outcome.recomputed['cast']}, receipts {outcome.receipts}"
        )
        if not (outcome.matches and outcome.receipts_match):
            raise CommandError("The recount does NOT match the kept result.")
        self.stdout.write(self.style.SUCCESS("The recount matches the kept result."))
