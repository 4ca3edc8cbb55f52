from __future__ import annotations

import pytest
from django.utils.html import escape

from civicgrid.accounts.models import ROLE_DUTIES


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "leader",
        "reviewer",
        "clerk",
        "approver",
        "town_staff",
        "village_staff",
        "worker_a",
        "deputy",
        "resident",
    ],
)
def test_every_role_reaches_its_home_page(persona, personas, client_for) -> None:
    response = client_for(persona).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(ROLE_DUTIES[personas[persona].role])) in page
    assert escape(str(personas[persona].get_role_display())) in page


def test_grid_worker_home_lists_their_grid_and_post(client_for) -> None:
    page = client_for("worker_a").get("/").content.decode()
    assert "东社区第1网格" in page
    assert "/regions/430212100001001/" in page


def test_home_counts_what_is_in_scope(client_for) -> None:
    page = client_for("town_staff").get("/").content.decode()
    assert "<b>2</b>" in page  # 2 village-level units
    assert "<b>3</b>" in page  # 3 grids


def test_anonymous_is_sent_to_sign_in(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_api_me_describes_the_caller(client_for) -> None:
    body = client_for("worker_a").get("/api/accounts/me").json()
    assert body["username"] == "worker_a"
    assert body["role"] == "grid_worker"
    assert body["scope_region"] == "430212100001001"
