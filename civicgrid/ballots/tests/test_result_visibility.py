"""A counted but unpublished result is for administrators only: regional staff and deputies see
the ballot without its count (page and API) and may not recount it until it is published."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.accounts.models import User
from civicgrid.ballots import actions
from civicgrid.core.errors import NotAllowed

from .fixtures import ballots_marks


@pytest.fixture
def counted(ballots_world: Any, personas: Any) -> Any:
    """The district's 2027 ballot: voted on by three deputies, closed and counted, unpublished."""
    ballot = ballots_world["open"]
    for name in ("deputy", "dep1", "dep2"):
        actions.cast_vote(
            User.objects.get(username=name),
            ballot,
            ballots_marks(ballot, "for", "for", "against", "abstain"),
        )
    actions.close_ballot(personas["admin"], ballot)
    actions.count_ballot(personas["admin"], ballot)
    return ballot


@pytest.mark.parametrize("who", ["leader", "deputy"])
def test_unpublished_count_is_hidden_from_staff_and_deputies(
    counted: Any, client_for: Any, personas: Any, who: str
) -> None:
    client = client_for(who)
    detail = client.get(f"/api/ballots/ballots/{counted.pk}")
    assert detail.status_code == 200
    assert detail.json()["state"] == "closed" and detail.json()["result"] is None
    page = client.get(f"/ballots/{counted.pk}/").content.decode()
    assert "城区停车场建设" in page  # the ballot itself is shown
    assert 'id="result-table"' not in page and 'id="recount-link"' not in page
    recount_api = client.get(f"/api/ballots/ballots/{counted.pk}/recount")
    assert recount_api.status_code == 403
    assert "only an administrator may recount" in recount_api.json()["detail"]
    recount_page = client.get(f"/ballots/{counted.pk}/recount/")
    assert recount_page.status_code == 302 and recount_page.url == f"/ballots/{counted.pk}/"
    with pytest.raises(NotAllowed):
        actions.recount_ballot(personas[who], counted)


def test_administrators_see_and_recount_the_unpublished_count(
    counted: Any, client_for: Any
) -> None:
    admin = client_for("admin")
    result = admin.get(f"/api/ballots/ballots/{counted.pk}").json()["result"]
    assert result["cast"] == 3 and len(result["rows"]) == 4
    page = admin.get(f"/ballots/{counted.pk}/").content.decode()
    assert 'id="result-table"' in page and 'id="recount-link"' in page
    assert admin.get(f"/api/ballots/ballots/{counted.pk}/recount").json()["matches"]
    assert admin.get(f"/ballots/{counted.pk}/recount/").status_code == 200


def test_once_published_everyone_in_scope_sees_the_count(
    counted: Any, client_for: Any, personas: Any
) -> None:
    actions.publish_ballot(personas["admin"], counted)
    leader = client_for("leader")
    assert leader.get(f"/api/ballots/ballots/{counted.pk}").json()["result"]["cast"] == 3
    assert 'id="result-table"' in leader.get(f"/ballots/{counted.pk}/").content.decode()
    assert leader.get(f"/api/ballots/ballots/{counted.pk}/recount").json()["matches"]
