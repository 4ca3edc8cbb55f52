"""The pages: an administrator sets up a session, roster, ballot and candidates; a deputy votes on
a phone-sized form and is refused clearly; lists keep a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.accounts.models import User
from civicgrid.ballots import actions, api, views
from civicgrid.ballots.models import Ballot, BallotReceipt, Candidate, Session

from .fixtures import ballots_marks


def test_administrator_sets_up_a_ballot_through_the_pages(
    personas: Any, district: Any, departments: Any, ballots_deputies: Any, client_for: Any
) -> None:
    admin = client_for("admin")
    page = admin.post(
        "/ballots/sessions/new/",
        {"name": "测试区第一届人大第二次会议", "level": "district", "region": "430212"},
    )
    session = Session.objects.get()
    assert page.url == f"/ballots/sessions/{session.pk}/"
    wrong = admin.post("/ballots/sessions/new/", {"name": "x", "level": "town", "region": "430212"})
    assert "A district session belongs to the district" in wrong.content.decode()
    refused = admin.post(f"/ballots/sessions/{session.pk}/roster/", {"usernames": "dep1 leader"})
    assert refused.status_code == 400 and "Not a deputy" in refused.content.decode()
    admin.post(f"/ballots/sessions/{session.pk}/roster/", {"usernames": "dep1, dep2\ndep3"})
    assert session.roster.count() == 3
    admin.post(
        f"/ballots/sessions/{session.pk}/ballots/new/",
        {
            "title": "票决",
            "choose": 1,
            "opens_at": "2020-01-01T08:00",
            "closes_at": "2099-01-01T18:00",
        },
    )
    ballot = Ballot.objects.get()
    for title in ("甲", "乙"):
        admin.post(
            f"/ballots/{ballot.pk}/candidates/",
            {"title": title, "budget": "30", "department": departments["D001"].pk},
        )
    bad = admin.post(f"/ballots/{ballot.pk}/candidates/", {"title": "丙", "budget": "30"})
    assert "Name the responsible department or unit." in bad.content.decode()
    assert list(Candidate.objects.values_list("position", "title")) == [(1, "甲"), (2, "乙")]
    admin.post(f"/ballots/{ballot.pk}/steps/open/")
    ballot.refresh_from_db()
    assert (ballot.state, ballot.roster_size) == ("open", 3)


def test_only_an_administrator_creates_sessions(personas: Any, client_for: Any) -> None:
    assert client_for("leader").get("/ballots/sessions/new/").status_code == 403


def test_deputy_votes_on_the_page_and_a_second_vote_is_refused(
    ballots_world: Any, client_for: Any
) -> None:
    ballot = ballots_world["open"]
    deputy = client_for("deputy")
    form = deputy.get(f"/ballots/{ballot.pk}/vote/").content.decode()
    assert "城区停车场建设" in form and 'id="for-count"' in form
    marks = ballots_marks(ballot, "for", "for", "against", "abstain")
    post = {f"c{k}": v for k, v in marks.items()}
    done = deputy.post(f"/ballots/{ballot.pk}/vote/", post)
    assert "Your ballot has been received" in done.content.decode()
    again = deputy.post(f"/ballots/{ballot.pk}/vote/", post)
    assert again.status_code == 400
    assert "You have already voted on this ballot" in again.content.decode()
    assert BallotReceipt.objects.filter(ballot=ballot).count() == 1


def test_too_many_for_marks_keep_the_deputys_marks(ballots_world: Any, client: Any) -> None:
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "for", "for", "abstain")
    client.force_login(User.objects.get(username="dep1"))
    page = client.post(f"/ballots/{ballot.pk}/vote/", {f"c{k}": v for k, v in marks.items()})
    body = page.content.decode()
    assert page.status_code == 400
    assert "You marked 3 candidates “for”; at most 2 may be chosen." in body
    assert body.count('value="for" checked') == 3


def test_non_deputy_sees_why_they_cannot_vote(ballots_world: Any, client_for: Any) -> None:
    page = client_for("leader").get(f"/ballots/{ballots_world['open'].pk}/vote/")
    assert "You are not a registered deputy of this session" in page.content.decode()


def test_lists_keep_a_fixed_number_of_queries(
    ballots_world: Any, client_for: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    admin, deputy = client_for("admin"), client_for("deputy")
    with django_assert_max_num_queries(8):
        assert admin.get("/ballots/manage/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/ballots/projects/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/ballots/").status_code == 200
    with django_assert_max_num_queries(8):
        assert deputy.get("/ballots/").status_code == 200
    with django_assert_max_num_queries(6):
        assert admin.get("/api/ballots/ballots").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/ballots/projects").status_code == 200


def test_pages_and_api_take_the_steps_from_one_table(
    ballots_world: Any, monkeypatch: pytest.MonkeyPatch, client_for: Any
) -> None:
    assert not hasattr(views, "STEPS") and not hasattr(api, "STEPS")
    taken: list[tuple[str, int]] = []
    monkeypatch.setitem(
        actions.BALLOT_STEPS,
        "close",
        lambda actor, ballot: taken.append((actor.username, ballot.pk)),
    )
    ballot, admin = ballots_world["open"], client_for("admin")
    admin.post(f"/ballots/{ballot.pk}/steps/close/")
    admin.post(
        f"/api/ballots/ballots/{ballot.pk}/steps",
        {"step": "close"},
        content_type="application/json",
    )
    assert taken == [("admin", ballot.pk), ("admin", ballot.pk)]
