"""The demo seed runs on the demo district and adds nothing the second time."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.ballots import demo
from civicgrid.ballots.models import Ballot, BallotState, Project


@pytest.mark.django_db
def test_demo_seed_is_idempotent(settings: Any) -> None:
    from civicgrid.accounts import demo as accounts_demo
    from civicgrid.regions import demo as regions_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    regions_demo.seed()
    accounts_demo.seed()
    lines: list[str] = []
    assert demo.seed(log=lines.append) == 3
    y2026 = Ballot.objects.get(title="渌口区2026年民生实事项目票决")
    assert y2026.state == BallotState.PUBLISHED and y2026.roster_size == 40
    assert y2026.candidates.count() == 12
    assert 0 < Project.objects.filter(ballot=y2026).count() <= 10
    assert Ballot.objects.get(title="渌口区2027年民生实事项目票决").state == BallotState.OPEN
    assert demo.seed(log=lines.append) == 0
    assert Ballot.objects.count() == 3
