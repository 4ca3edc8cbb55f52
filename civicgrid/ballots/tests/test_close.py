"""Closing a ballot, by an administrator or by the tick, takes the same workflow step (timeline
entry, audit) and rewrites the stored ballots in a random order with fresh ids, so that neither
their ids nor their physical order (SQLite rowid, PostgreSQL ctid) follow the order of the
receipts; codes still verify and the count is unchanged."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.ballots import actions
from civicgrid.ballots.models import Ballot, CastBallot
from civicgrid.core.models import AuditLog
from civicgrid.core.workflow import timeline

VOTERS = 30


@pytest.fixture
def voted_thirty(personas: Any, district: Any) -> dict[str, Any]:
    """A ballot of 3 candidates (choose 1) on which 30 deputies have voted, one after another;
    ``codes`` are their confirmation codes in voting order."""
    admin = personas["admin"]
    session = actions.create_session(
        admin, name="三十人会议", level="district", region=district["430212"]
    )
    User.objects.bulk_create(
        User(username=f"vt{i:02d}", role=Role.DEPUTY, scope_region=district["430212"])
        for i in range(VOTERS)
    )
    actions.add_deputies(admin, session, [f"vt{i:02d}" for i in range(VOTERS)])
    now = timezone.now()
    ballot = actions.create_ballot(
        admin,
        session,
        title="票决",
        choose=1,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(hours=1),
    )
    for t in "ABC":
        actions.add_candidate(admin, ballot, title=t, budget=Decimal(10), unit="区民政局")
    actions.open_ballot(admin, ballot)
    a, b, c = (str(pk) for pk in ballot.candidates.values_list("pk", flat=True))
    codes = []
    for i in range(VOTERS):
        # 17 for A (passes: 17 > 30 / 2); the others split between B and abstaining.
        marks = (
            {a: "for", b: "against", c: "against"}
            if i < 17
            else {a: "against", b: "for" if i % 2 else "abstain", c: "abstain"}
        )
        codes.append(actions.cast_vote(User.objects.get(username=f"vt{i:02d}"), ballot, marks))
    return {"ballot": ballot, "codes": codes, "admin": admin}


def _physical_order(ballot: Ballot) -> list[str]:
    """The stored ballots' codes in the table's physical order."""
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code FROM ballots_castballot WHERE ballot_id = %s ORDER BY {order}",  # noqa: S608
            [ballot.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def _stored(ballot: Ballot) -> dict[str, Any]:
    return dict(CastBallot.objects.filter(ballot=ballot).values_list("id", "code"))


def _check_unlinked(ballot: Ballot, codes: list[str], before: dict[Any, str]) -> None:
    after = _stored(ballot)
    assert sorted(after.values()) == sorted(codes)  # every stored ballot is still there
    assert not set(after) & set(before)  # fresh ids
    assert _physical_order(ballot) != codes  # 1 in 30! that a shuffle keeps the voting order


@pytest.mark.parametrize("by", ["administrator", "tick"])
def test_close_rewrites_stored_ballots_out_of_voting_order(
    voted_thirty: dict[str, Any], by: str
) -> None:
    ballot, codes = voted_thirty["ballot"], voted_thirty["codes"]
    before = _stored(ballot)
    if connection.vendor == "sqlite":
        assert _physical_order(ballot) == codes  # what the close must undo
    tally_before = actions.tally(
        ballot, CastBallot.objects.filter(ballot=ballot).values_list("choices", flat=True)
    )
    marks_of_first = actions.verify_code(User.objects.get(username="vt00"), ballot, codes[0])

    if by == "tick":
        Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
        assert actions.close_due_ballots(timezone.now()) == {"closed": 1}
    else:
        actions.close_ballot(voted_thirty["admin"], ballot)
    ballot.refresh_from_db()

    assert ballot.state == "closed"
    _check_unlinked(ballot, codes, before)
    assert (
        actions.verify_code(User.objects.get(username="vt00"), ballot, codes[0]) == marks_of_first
    )
    result = actions.count_ballot(voted_thirty["admin"], ballot)
    assert result == tally_before and result["cast"] == VOTERS
    outcome = actions.recount_ballot(voted_thirty["admin"], ballot)
    assert outcome.matches and outcome.receipts_match


@pytest.mark.parametrize("by", ["administrator", "tick"])
def test_both_closes_write_the_workflow_timeline_entry_and_audit(
    voted_thirty: dict[str, Any], by: str
) -> None:
    ballot, admin = voted_thirty["ballot"], voted_thirty["admin"]
    if by == "tick":
        actions.close_due_ballots(ballot.closes_at)
    else:
        actions.close_ballot(admin, ballot)
    entry = timeline(ballot).get(to_state="closed")
    assert (entry.from_state, entry.actor) == ("open", admin if by == "administrator" else None)
    assert bool(entry.note) == (by == "tick")
    log = AuditLog.objects.get(action="ballots.close", object_id=str(ballot.pk))
    assert log.after["stored"] == VOTERS
