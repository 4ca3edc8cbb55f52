"""A deputy submits twice at the same moment (two tabs, a double tap): exactly one ballot is
stored. A vote racing the close lands or is refused. The roster cannot change while a ballot
opens: opening and adding deputies lock the session row. Runs on PostgreSQL with real concurrent
transactions (see events/tests/test_concurrency)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import translation

from civicgrid.accounts.models import User
from civicgrid.ballots import actions
from civicgrid.ballots.models import Ballot, BallotReceipt, CastBallot, RosterEntry
from civicgrid.core.errors import ActionError
from civicgrid.core.testing.race import race

from .fixtures import ballots_marks


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_votes_of_one_deputy_at_once(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "for", "against", "abstain")
    deputy = User.objects.get(username="dep1")

    def vote() -> None:
        actions.cast_vote(deputy, ballot, marks)

    assert sorted(race(vote, vote)) == [
        "refused: You have already voted on this ballot. Each deputy votes once.",
        "won",
    ]
    assert BallotReceipt.objects.filter(ballot=ballot).count() == 1
    assert CastBallot.objects.filter(ballot=ballot).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_vote_racing_the_close_either_lands_or_is_refused(
    ballots_world: Any, personas: Any
) -> None:
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "for", "against", "abstain")
    deputy = User.objects.get(username="dep2")
    vote, close = race(
        lambda: actions.cast_vote(deputy, ballot, marks),
        lambda: actions.close_ballot(personas["admin"], ballot),
    )
    assert close == "won"
    stored = CastBallot.objects.filter(ballot=ballot).count()
    assert vote in ("won", "refused: Voting on this ballot has closed.")
    assert stored == (1 if vote == "won" else 0)
    assert BallotReceipt.objects.filter(ballot=ballot).count() == stored


@pytest.fixture
def town_draft(ballots_world: Any, personas: Any, district: Any) -> dict[str, Any]:
    """A draft ballot of the town session (roster: dep5) and a town deputy not yet on it."""
    from datetime import timedelta

    from django.utils import timezone

    admin = personas["admin"]
    now = timezone.now()
    ballot = actions.create_ballot(
        admin,
        ballots_world["town_session"],
        title="乙镇2027年民生实事",
        choose=1,
        opens_at=now,
        closes_at=now + timedelta(days=1),
    )
    for title in ("甲", "乙"):
        actions.add_candidate(admin, ballot, title=title, budget="5", unit="乙镇政府")
    User.objects.create_user(username="dep6", role="deputy", scope_region=district["430212101"])
    return {"ballot": ballot, "session": ballots_world["town_session"], "admin": admin}


def _in_thread(work: Any, outcome: dict[str, str]) -> threading.Thread:
    def run() -> None:
        try:
            with translation.override("en"):
                work()
            outcome["result"] = "done"
        except ActionError as exc:
            outcome["result"] = exc.message
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_deputy_cannot_join_while_a_ballot_opens(town_draft: dict[str, Any]) -> None:
    admin, session = town_draft["admin"], town_draft["session"]
    outcome: dict[str, str] = {}
    joining = _in_thread(lambda: actions.add_deputies(admin, session, ["dep6"]), outcome)
    with transaction.atomic():
        actions.open_ballot(admin, Ballot.objects.get(pk=town_draft["ballot"].pk))
        joining.start()
        joining.join(timeout=1)
        assert joining.is_alive(), "adding a deputy must wait for the session's lock"
    joining.join(timeout=30)
    assert outcome["result"] == "The roster cannot change while a ballot of the session is open."
    ballot = Ballot.objects.get(pk=town_draft["ballot"].pk)
    assert ballot.roster_size == RosterEntry.objects.filter(session=session).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_ballot_opening_while_a_deputy_joins_counts_them(town_draft: dict[str, Any]) -> None:
    admin, session = town_draft["admin"], town_draft["session"]
    outcome: dict[str, str] = {}
    opening = _in_thread(
        lambda: actions.open_ballot(admin, Ballot.objects.get(pk=town_draft["ballot"].pk)),
        outcome,
    )
    with transaction.atomic():
        actions.add_deputies(admin, session, ["dep6"])
        opening.start()
        opening.join(timeout=1)
        assert opening.is_alive(), "opening must wait for the session's lock"
    opening.join(timeout=30)
    assert outcome["result"] == "done"
    ballot = Ballot.objects.get(pk=town_draft["ballot"].pk)
    assert ballot.roster_size == RosterEntry.objects.filter(session=session).count() == 2
