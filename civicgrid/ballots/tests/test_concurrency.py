"""A deputy submits twice at the same moment (two tabs, a double tap): exactly one ballot is
stored. Runs on PostgreSQL with real concurrent transactions (see events/tests/test_concurrency)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from civicgrid.accounts.models import User
from civicgrid.ballots import actions
from civicgrid.ballots.models import BallotReceipt, CastBallot
from civicgrid.core.errors import ActionError

from .fixtures import ballots_marks


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_votes_of_one_deputy_at_once(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "for", "against", "abstain")
    deputy = User.objects.get(username="dep1")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def vote() -> None:
        barrier.wait()
        try:
            actions.cast_vote(deputy, ballot, marks)
            outcomes.append("stored")
        except ActionError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == [
        "You have already voted on this ballot. Each deputy votes once.",
        "stored",
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
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def vote() -> None:
        barrier.wait()
        try:
            actions.cast_vote(deputy, ballot, marks)
            outcomes["vote"] = "stored"
        except ActionError as exc:
            outcomes["vote"] = exc.message
        finally:
            connection.close()

    def close() -> None:
        barrier.wait()
        try:
            actions.close_ballot(personas["admin"], ballot)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote), threading.Thread(target=close)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    stored = CastBallot.objects.filter(ballot=ballot).count()
    assert outcomes["vote"] in ("stored", "Voting on this ballot has closed.")
    assert stored == (1 if outcomes["vote"] == "stored" else 0)
    assert BallotReceipt.objects.filter(ballot=ballot).count() == stored
