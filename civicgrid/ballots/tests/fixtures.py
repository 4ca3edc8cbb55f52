"""Fixtures of the ballots app (registered in the root conftest).

``ballots_world``: a district session (测试区, deputies ``deputy`` and ``dep1``–``dep4``) with an
open ballot (4 candidates, choose 2) and a published one (2 projects: D001, D002); a town session
of 乙镇 (deputy ``dep5``) with a published ballot (1 project of D001).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.ballots import actions
from civicgrid.ballots.models import Ballot, Session


@pytest.fixture
def ballots_deputies(personas: dict[str, Any], district: Any) -> list[User]:
    return [
        User.objects.create_user(
            username=f"dep{i}",
            password="x",  # noqa: S106
            full_name=f"代表{i}",
            role=Role.DEPUTY,
            scope_region=district["430212101" if i == 5 else "430212"],
        )
        for i in range(1, 6)
    ]


def ballots_make(
    admin: User,
    session: Session,
    title: str,
    choose: int,
    candidates: list[tuple[str, Any, str]],
) -> Ballot:
    """A draft ballot opened an hour ago, closing tomorrow, with the given candidates
    (title, department or None, unit)."""
    now = timezone.now()
    ballot = actions.create_ballot(
        admin,
        session,
        title=title,
        choose=choose,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    for name, department, unit in candidates:
        actions.add_candidate(
            admin, ballot, title=name, budget=Decimal("120.5"), department=department, unit=unit
        )
    return ballot


def ballots_marks(ballot: Ballot, *marks: str) -> dict[str, str]:
    """Choices for the ballot's candidates in order: ``ballots_marks(b, "for", "against", …)``."""
    return {str(c.pk): m for c, m in zip(ballot.candidates.all(), marks, strict=True)}


@pytest.fixture
def ballots_world(
    personas: dict[str, Any], district: Any, departments: dict[str, Any], ballots_deputies: Any
) -> dict[str, Any]:
    admin = personas["admin"]
    d001, d002 = departments["D001"], departments["D002"]
    district_session = actions.create_session(
        admin,
        name="测试区第一届人民代表大会第一次会议",
        level="district",
        region=district["430212"],
    )
    actions.add_deputies(admin, district_session, ["deputy", "dep1", "dep2", "dep3", "dep4"])
    town_session = actions.create_session(
        admin, name="乙镇第一届人民代表大会第一次会议", level="town", region=district["430212101"]
    )
    actions.add_deputies(admin, town_session, ["dep5"])

    published = ballots_make(
        admin,
        district_session,
        "2026年民生实事项目票决",
        2,
        [("老旧小区改造", d001, ""), ("农村公路提质", d002, ""), ("乡镇养老院", None, "区民政局")],
    )
    actions.open_ballot(admin, published)
    for name in ("deputy", "dep1", "dep2", "dep3"):
        actions.cast_vote(
            personas.get(name) or User.objects.get(username=name),
            published,
            ballots_marks(published, "for", "for", "against"),
        )
    actions.close_ballot(admin, published)
    actions.count_ballot(admin, published)
    actions.publish_ballot(admin, published)

    open_ballot = ballots_make(
        admin,
        district_session,
        "2027年民生实事项目票决",
        2,
        [
            ("城区停车场建设", d001, ""),
            ("中小学食堂改造", d002, ""),
            ("渌江风光带亮化", None, "区城管局"),
            ("农贸市场提质", None, "区商务局"),
        ],
    )
    actions.open_ballot(admin, open_ballot)

    town = ballots_make(
        admin,
        town_session,
        "乙镇2026年民生实事",
        1,
        [("集镇污水管网", d001, ""), ("村级广场", None, "乙镇政府")],
    )
    actions.open_ballot(admin, town)
    actions.cast_vote(
        User.objects.get(username="dep5"), town, ballots_marks(town, "for", "against")
    )
    actions.close_ballot(admin, town)
    actions.count_ballot(admin, town)
    actions.publish_ballot(admin, town)
    return {
        "district_session": district_session,
        "town_session": town_session,
        "published": published,
        "open": open_ballot,
        "town": town,
    }
