from __future__ import annotations

from civicgrid.core.scope import get_visible_or_404  # noqa: F401  (documents the chokepoint used)


def test_district_account_starts_at_the_district(client_for) -> None:
    response = client_for("leader").get("/regions/")
    assert response.status_code == 302
    assert response["Location"] == "/regions/430212/"


def test_grid_worker_starts_at_their_grid(client_for) -> None:
    response = client_for("worker_a").get("/regions/", follow=True)
    assert response.redirect_chain[-1][0] == "/regions/430212100001001/"
    page = response.content.decode()
    assert "东社区第1网格" in page
    assert "worker_a" in page  # the A post holder is listed
    assert "枫林村" not in page


def test_district_page_lists_towns_with_grid_counts(client_for) -> None:
    page = client_for("leader").get("/regions/430212/").content.decode()
    assert "甲镇" in page and "乙镇" in page
    assert 'data-stat="grids"><b>5</b>' in page


def test_town_staff_sees_own_town_only(client_for) -> None:
    client = client_for("town_staff")
    assert client.get("/regions/430212100/").status_code == 200
    assert client.get("/regions/430212101/").status_code == 404
    assert client.get("/regions/430212/").status_code == 404


def test_account_without_region_gets_an_explanation(client_for) -> None:
    response = client_for("approver").get("/regions/")
    assert response.status_code == 200
    assert "no region" in response.content.decode() or "没有" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client) -> None:
    response = client.get("/regions/430212/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_region_page_query_count_is_bounded(client_for, django_assert_max_num_queries) -> None:
    client = client_for("leader")
    with django_assert_max_num_queries(12):
        client.get("/regions/430212/")
