"""Only deputies who can vote join a roster: an active deputy account whose scope covers the
session's region (the roster's size is the majority's denominator). The refusal names them."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.accounts.models import Role, User
from civicgrid.ballots import actions
from civicgrid.ballots.models import Ballot, RosterEntry
from civicgrid.core.errors import ActionError


@pytest.fixture
def town_deputies(district: Any, departments: Any) -> dict[str, User]:
    """Deputies seen from 乙镇 (430212101): who may join its session and who may not."""
    specs = {
        "of_district": {"scope_region": district["430212"]},
        "of_town": {"scope_region": district["430212101"]},
        "of_other_town": {"scope_region": district["430212100"]},
        "of_village": {"scope_region": district["430212101201"]},
        "unscoped": {},
        "inactive": {"scope_region": district["430212101"], "is_active": False},
        "of_department": {
            "scope_region": district["430212101"],
            "department": departments["D001"],
        },
    }
    return {
        name: User.objects.create_user(username=name, role=Role.DEPUTY, **fields)
        for name, fields in specs.items()
    }


def test_deputies_who_cannot_see_the_session_are_refused_by_name(
    ballots_world: Any, personas: Any, town_deputies: Any
) -> None:
    session = ballots_world["town_session"]
    refused = ["of_other_town", "of_village", "unscoped", "inactive", "of_department"]
    with pytest.raises(ActionError) as err:
        actions.add_deputies(personas["admin"], session, ["of_town", *refused])
    assert err.value.message.endswith(": " + ", ".join(refused) + ".")
    assert "乙镇" in err.value.message
    assert err.value.errors[0]["field"] == "usernames"
    assert list(session.roster.values_list("deputy__username", flat=True)) == ["dep5"]


def test_every_deputy_on_a_roster_can_see_its_ballots(
    ballots_world: Any, personas: Any, town_deputies: Any
) -> None:
    session = ballots_world["town_session"]
    assert actions.add_deputies(personas["admin"], session, ["of_district", "of_town"]) == 2
    town_ballot = ballots_world["town"]
    for entry in RosterEntry.objects.filter(session=session).select_related("deputy"):
        assert Ballot.objects.visible_to(entry.deputy).filter(pk=town_ballot.pk).exists()


def test_the_roster_page_shows_the_refusal(
    ballots_world: Any, town_deputies: Any, client_for: Any
) -> None:
    session = ballots_world["town_session"]
    page = client_for("admin").post(
        f"/ballots/sessions/{session.pk}/roster/", {"usernames": "of_town inactive"}
    )
    assert page.status_code == 400
    assert "could not vote on this session&#x27;s ballots" in page.content.decode()
    assert session.roster.count() == 1
