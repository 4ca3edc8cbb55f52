"""Two administrators acting at once: the loser of a unique constraint (a candidate's number on
the ballot, a deputy's roster row) gets a 409 conflict, never a 500, and nothing is written.

The race is replayed deterministically: the action's read of the current state answers what it
would have answered just before the other administrator's write committed. The real concurrent
transactions (the session lock of opening vs. adding deputies) are in test_concurrency."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from civicgrid.ballots import actions
from civicgrid.ballots.models import Candidate, RosterEntry
from civicgrid.core.errors import Conflict


@pytest.fixture
def draft(ballots_world: Any, personas: Any) -> Any:
    now = timezone.now()
    ballot = actions.create_ballot(
        personas["admin"],
        ballots_world["town_session"],
        title="乙镇2027年民生实事",
        choose=1,
        opens_at=now,
        closes_at=now + timedelta(days=1),
    )
    actions.add_candidate(personas["admin"], ballot, title="甲", budget="5", unit="乙镇政府")
    return ballot


def test_candidate_number_taken_meanwhile_is_a_conflict(
    draft: Any, personas: Any, monkeypatch: pytest.MonkeyPatch, client_for: Any
) -> None:
    monkeypatch.setattr(actions, "_next_position", lambda ballot: 1)  # read before 甲 committed
    with pytest.raises(Conflict, match="Someone else has just added a candidate"):
        actions.add_candidate(personas["admin"], draft, title="乙", budget=Decimal(5), unit="x")
    page = client_for("admin").post(
        f"/ballots/{draft.pk}/candidates/", {"title": "乙", "budget": "5", "unit": "乙镇政府"}
    )
    assert page.status_code == 400 and "Someone else has just added" in page.content.decode()
    assert list(Candidate.objects.filter(ballot=draft).values_list("title", flat=True)) == ["甲"]


def test_deputy_added_meanwhile_is_a_conflict(
    ballots_world: Any, personas: Any, monkeypatch: pytest.MonkeyPatch, client_for: Any
) -> None:
    session = ballots_world["town_session"]
    monkeypatch.setattr(actions, "_rostered", lambda session: set())  # read before dep5 joined
    with pytest.raises(Conflict, match="Someone else has just changed this roster"):
        actions.add_deputies(personas["admin"], session, ["dep5"])
    page = client_for("admin").post(
        f"/ballots/sessions/{session.pk}/roster/", {"usernames": "dep5"}
    )
    assert page.status_code == 400 and "Someone else has just changed" in page.content.decode()
    assert RosterEntry.objects.filter(session=session).count() == 1
