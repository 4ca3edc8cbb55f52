"""The count: a candidate needs more "for" votes than half of ALL the session's deputies; ranked
by "for"; at most N chosen; a tie at the N-th place is reported, not picked. A recount from the
stored ballots reproduces the published result; published results are public."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.ballots import actions
from civicgrid.ballots.models import BallotState, CastBallot, Project
from civicgrid.core.errors import ActionError, NotAllowed


@pytest.fixture
def ballots_seven(personas: Any, district: Any) -> Any:
    """A session of 7 deputies and a draft ballot of 5 candidates, choose 2."""
    admin = personas["admin"]
    session = actions.create_session(
        admin, name="计票测试会议", level="district", region=district["430212"]
    )
    names = []
    for i in range(7):
        User.objects.create_user(
            username=f"t{i}", password="x", role=Role.DEPUTY, scope_region=district["430212"]
        )  # noqa: S106
        names.append(f"t{i}")
    actions.add_deputies(admin, session, names)
    now = timezone.now()
    ballot = actions.create_ballot(
        admin,
        session,
        title="计票",
        choose=2,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(hours=1),
    )
    for t in "ABCDE":
        actions.add_candidate(admin, ballot, title=t, budget=Decimal(10), unit="区民政局")
    actions.open_ballot(admin, ballot)
    return ballot


def _vote(ballot: Any, rows: list[str]) -> None:
    """rows[i] is deputy t<i>'s ballot: one letter per candidate, F / A / X (abstain)."""
    names = {"F": "for", "A": "against", "X": "abstain"}
    cands = list(ballot.candidates.all())
    for i, row in enumerate(rows):
        actions.cast_vote(
            User.objects.get(username=f"t{i}"),
            ballot,
            {str(c.pk): names[m] for c, m in zip(cands, row, strict=True)},
        )


def _count(personas: Any, ballot: Any) -> dict[str, Any]:
    actions.close_ballot(personas["admin"], ballot)
    return actions.count_ballot(personas["admin"], ballot)


def _by_title(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["title"]: r for r in result["rows"]}


def test_majority_is_of_all_deputies_not_of_those_who_voted(
    ballots_seven: Any, personas: Any
) -> None:
    # 4 of 7 vote; A gets 4 "for" (> 3.5: passes), B gets 3 (not > 3.5 although all-but-one voter).
    _vote(ballots_seven, ["FFAAA", "FFAAA", "FFAAA", "FAXXX"])
    result = _count(personas, ballots_seven)
    rows = _by_title(result)
    assert (result["roster"], result["cast"], result["majority"]) == (7, 4, 4)
    assert rows["A"]["for"] == 4 and rows["A"]["passed"] and rows["A"]["chosen"]
    assert rows["B"]["for"] == 3 and not rows["B"]["passed"] and not rows["B"]["chosen"]
    assert (rows["B"]["against"], rows["C"]["abstain"]) == (1, 1)
    assert result["chosen"] == [rows["A"]["candidate"]]


def test_ranked_by_for_votes_and_at_most_n_chosen(ballots_seven: Any, personas: Any) -> None:
    # A: 5, B: 5, C: 4 all pass (> 3.5); N = 2: A and B (tied above the last place) are chosen.
    _vote(ballots_seven, ["FFAAA"] * 3 + ["FAFAA"] * 2 + ["AFFAA"] * 2)
    result = _count(personas, ballots_seven)
    assert [
        (r["title"], r["for"], r["rank"], r["passed"], r["chosen"]) for r in result["rows"][:4]
    ] == [
        ("A", 5, 1, True, True),
        ("B", 5, 1, True, True),
        ("C", 4, 3, True, False),
        ("D", 0, 4, False, False),
    ]
    assert not result["tie"]


def test_tie_is_flagged_and_resolved_by_the_session(personas: Any, ballots_seven: Any) -> None:
    _vote(ballots_seven, ["FFAAA", "FFAAA", "FAFAA", "FAFAA", "AFFAA", "AFFAA", "FAAAA"])
    result = _count(personas, ballots_seven)
    rows = _by_title(result)
    assert {t: rows[t]["for"] for t in "ABC"} == {"A": 5, "B": 4, "C": 4}
    assert result["tie"] and result["chosen"] == [rows["A"]["candidate"]]
    assert rows["B"]["tie"] and rows["C"]["tie"] and rows["B"]["rank"] == rows["C"]["rank"] == 2
    actions.publish_ballot(personas["admin"], ballots_seven)
    assert list(Project.objects.values_list("candidate__title", flat=True)) == ["A"]
    with pytest.raises(ActionError, match="exactly 1"):
        actions.resolve_tie(
            personas["admin"],
            ballots_seven,
            [rows["B"]["candidate"], rows["C"]["candidate"]],
            note="再次表决",
        )
    actions.resolve_tie(
        personas["admin"], ballots_seven, [rows["C"]["candidate"]], note="主席团组织再次表决"
    )
    assert list(Project.objects.order_by("rank").values_list("candidate__title", "rank")) == [
        ("A", 1),
        ("C", 2),
    ]


def test_recount_reproduces_the_result_and_detects_tampering(
    ballots_seven: Any, personas: Any
) -> None:
    _vote(ballots_seven, ["FFAAA", "FFAAA", "FAFAA", "FAFAA", "AFFAA"])
    _count(personas, ballots_seven)
    outcome = actions.recount_ballot(personas["admin"], ballots_seven)
    assert outcome.matches and outcome.receipts_match and outcome.receipts == 5
    row = CastBallot.objects.filter(ballot=ballots_seven).first()
    row.choices = dict.fromkeys(row.choices, "abstain")
    row.save()
    assert not actions.recount_ballot(personas["admin"], ballots_seven).matches
    row.delete()
    assert not actions.recount_ballot(personas["admin"], ballots_seven).receipts_match


def test_publish_needs_a_count_and_makes_projects(ballots_seven: Any, personas: Any) -> None:
    _vote(ballots_seven, ["FFAAA"] * 5)
    actions.close_ballot(personas["admin"], ballots_seven)
    with pytest.raises(ActionError, match="Count the ballot"):
        actions.publish_ballot(personas["admin"], ballots_seven)
    actions.count_ballot(personas["admin"], ballots_seven)
    with pytest.raises(NotAllowed):
        actions.publish_ballot(personas["leader"], ballots_seven)
    actions.publish_ballot(personas["admin"], ballots_seven)
    assert ballots_seven.state == BallotState.PUBLISHED
    assert list(Project.objects.order_by("rank").values_list("candidate__title", flat=True)) == [
        "A",
        "B",
    ]


def test_opening_needs_more_candidates_than_to_choose(personas: Any, district: Any) -> None:
    admin = personas["admin"]
    session = actions.create_session(
        admin, name="会议", level="district", region=district["430212"]
    )
    actions.add_deputies(admin, session, ["deputy"])
    now = timezone.now()
    ballot = actions.create_ballot(
        admin, session, title="票决", choose=2, opens_at=now, closes_at=now + timedelta(hours=1)
    )
    for t in "AB":
        actions.add_candidate(admin, ballot, title=t, budget="5", unit="区教育局")
    with pytest.raises(ActionError, match="more candidates"):
        actions.open_ballot(admin, ballot)


def test_public_result_page_and_api_show_only_published(ballots_world: Any, client: Any) -> None:
    published, open_ballot = ballots_world["published"], ballots_world["open"]
    page = client.get(f"/ballots/results/{published.pk}/")
    assert page.status_code == 200
    assert "老旧小区改造" in page.content.decode()
    assert client.get(f"/ballots/results/{open_ballot.pk}/").status_code == 404
    listed = client.get("/api/ballots/results").json()
    assert {r["id"] for r in listed["items"]} == {published.pk, ballots_world["town"].pk}
    assert client.get(f"/api/ballots/results/{open_ballot.pk}").status_code == 404


def test_recount_command_reports_a_match(ballots_world: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("recount-ballot", str(ballots_world["published"].pk), stdout=out)
    assert "The recount matches the kept result." in out.getvalue()
    assert "老旧小区改造: 4/0/0" in out.getvalue()
