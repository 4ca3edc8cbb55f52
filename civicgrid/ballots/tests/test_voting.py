"""Each registered deputy votes once, before the close, at most N "for"; everyone else is refused
with a clear error, and a refused vote writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.ballots import actions
from civicgrid.ballots.models import Ballot, BallotReceipt, CastBallot
from civicgrid.core.errors import ActionError, NotAllowed

from .fixtures import ballots_marks


def _dep(name: str) -> User:
    return User.objects.get(username=name)


def _nothing_written(ballot: Ballot, before: tuple[int, int]) -> None:
    assert (ballot.receipts.count(), ballot.cast.count()) == before


def test_deputy_votes_and_gets_a_code_to_check_the_stored_ballot(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "against", "abstain", "for")
    code = actions.cast_vote(_dep("dep1"), ballot, marks)
    assert len(code) == 16
    assert BallotReceipt.objects.filter(ballot=ballot, deputy__username="dep1").count() == 1
    assert actions.verify_code(_dep("dep1"), ballot, code.lower()) == marks


def test_stored_ballot_carries_nothing_that_names_the_deputy(ballots_world: Any) -> None:
    fields = {f.name for f in CastBallot._meta.get_fields()}
    assert fields == {"id", "ballot", "code", "choices"}
    ballot = ballots_world["open"]
    actions.cast_vote(
        _dep("dep1"), ballot, ballots_marks(ballot, "for", "for", "against", "against")
    )
    row = CastBallot.objects.get(ballot=ballot)
    assert "dep1" not in str(row.choices) and row.id.version == 4


def test_second_vote_is_refused(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "for", "against", "against")
    actions.cast_vote(_dep("dep2"), ballot, marks)
    with pytest.raises(ActionError, match="already voted"):
        actions.cast_vote(_dep("dep2"), ballot, marks)
    _nothing_written(ballot, (1, 1))


def test_vote_after_the_close_is_refused(ballots_world: Any, personas: Any) -> None:
    ballot = ballots_world["open"]
    actions.close_ballot(personas["admin"], ballot)
    with pytest.raises(ActionError, match="has closed"):
        actions.cast_vote(_dep("dep1"), ballot, ballots_marks(ballot, *["abstain"] * 4))
    _nothing_written(ballot, (0, 0))


def test_vote_past_closing_time_is_refused_even_before_the_tick(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ActionError, match="has closed"):
        actions.cast_vote(_dep("dep1"), ballot, ballots_marks(ballot, *["abstain"] * 4))
    assert actions.close_due_ballots(timezone.now()) == {"closed": 1}


def test_vote_before_opening_is_refused(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    Ballot.objects.filter(pk=ballot.pk).update(opens_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ActionError, match="not opened yet"):
        actions.cast_vote(_dep("dep1"), ballot, ballots_marks(ballot, *["abstain"] * 4))


def test_more_than_n_for_is_refused(ballots_world: Any) -> None:
    ballot = ballots_world["open"]  # choose 2
    with pytest.raises(ActionError, match="You marked 3 candidates “for”; at most 2") as err:
        actions.cast_vote(
            _dep("dep1"), ballot, ballots_marks(ballot, "for", "for", "for", "abstain")
        )
    assert err.value.errors[0]["field"] == "choices"
    _nothing_written(ballot, (0, 0))


def test_every_candidate_must_be_marked(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "for", "against", "against")
    marks.pop(next(iter(marks)))
    with pytest.raises(ActionError, match=r"Mark every candidate.*\(1 not marked\)"):
        actions.cast_vote(_dep("dep1"), ballot, marks)
    _nothing_written(ballot, (0, 0))


def test_candidate_of_another_ballot_or_unknown_mark_is_refused(ballots_world: Any) -> None:
    ballot = ballots_world["open"]
    other = ballots_world["published"].candidates.first()
    marks = ballots_marks(ballot, "for", "for", "against", "against")
    with pytest.raises(ActionError, match="is not on this ballot"):
        actions.cast_vote(_dep("dep1"), ballot, {**marks, str(other.pk): "for"})
    first = next(iter(marks))
    with pytest.raises(ActionError, match="for, against or abstain"):
        actions.cast_vote(_dep("dep1"), ballot, {**marks, first: "yes"})
    _nothing_written(ballot, (0, 0))


@pytest.mark.parametrize("who", ["leader", "admin", "dep5"])
def test_non_deputy_of_the_session_is_refused(ballots_world: Any, personas: Any, who: str) -> None:
    ballot = ballots_world["open"]
    user = personas.get(who) or _dep(who)  # dep5 is a deputy of the town, not the district
    with pytest.raises(NotAllowed, match="Only the registered deputies of this session"):
        actions.cast_vote(user, ballot, ballots_marks(ballot, *["abstain"] * 4))
    _nothing_written(ballot, (0, 0))


def test_api_vote_refusals_are_clear_json(ballots_world: Any, client_for: Any) -> None:
    ballot = ballots_world["open"]
    url = f"/api/ballots/ballots/{ballot.pk}/vote"
    leader = client_for("leader")
    refused = leader.post(url, {"choices": {}}, content_type="application/json")
    assert refused.status_code == 403
    assert "registered deputies" in refused.json()["detail"]
    deputy = client_for("deputy")
    too_many = deputy.post(
        url,
        {"choices": ballots_marks(ballot, "for", "for", "for", "for")},
        content_type="application/json",
    )
    assert too_many.status_code == 400
    assert too_many.json()["errors"][0]["field"] == "choices"
    ok = deputy.post(
        url,
        {"choices": ballots_marks(ballot, "for", "against", "against", "abstain")},
        content_type="application/json",
    )
    assert ok.status_code == 201 and len(ok.json()["code"]) == 16
    again = deputy.post(
        url,
        {"choices": ballots_marks(ballot, "for", "against", "against", "abstain")},
        content_type="application/json",
    )
    assert again.status_code == 400 and "already voted" in again.json()["detail"]


def test_roster_is_fixed_while_a_ballot_is_open(
    ballots_world: Any, personas: Any, district: Any
) -> None:
    User.objects.create_user(username="dep6", role="deputy", scope_region=district["430212"])
    with pytest.raises(ActionError, match="roster cannot change"):
        actions.add_deputies(personas["admin"], ballots_world["district_session"], ["dep6"])


def test_only_deputy_accounts_join_a_roster(ballots_world: Any, personas: Any) -> None:
    with pytest.raises(ActionError, match="Not a deputy's account: leader"):
        actions.add_deputies(personas["admin"], ballots_world["town_session"], ["leader"])
