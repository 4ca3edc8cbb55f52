"""A leader and a grid worker sign in and see exactly their part of the district."""

from __future__ import annotations

from typing import Any

from e2e.conftest import PHONE, shot, sign_in


def wait_for_map(page: Any) -> None:
    page.wait_for_function("document.getElementById('map').dataset.ready === '1'")


def test_sign_in_page_is_chinese_and_rejects_a_wrong_password(site: str, open_page: Any) -> None:
    page = open_page(PHONE)
    page.goto(f"{site}/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    shot(page, "01-sign-in-phone")
    sign_in(page, site, "leader", "not the password")
    error = page.locator(".errorlist[role=alert]")
    assert error.is_visible()
    assert "用户名" in error.inner_text() or "密码" in error.inner_text()
    shot(page, "02-sign-in-wrong-password")


def test_leader_sees_the_whole_district_on_the_map(site: str, open_page: Any) -> None:
    page = open_page()
    sign_in(page, site, "leader")
    page.wait_for_url(f"{site}/")
    assert "领导" in page.locator(".who").inner_text()
    shot(page, "03-leader-home")

    page.click("text=区划与网格")
    page.wait_for_url(f"{site}/regions/430212/")
    wait_for_map(page)
    stats = {
        s.get_attribute("data-stat"): s.locator("b").inner_text()
        for s in page.locator(".stat").all()
    }
    assert stats == {"towns": "8", "villages": "139", "grids": "260"}
    map_el = page.locator("#map")
    assert map_el.get_attribute("data-count-town") == "8"
    assert map_el.get_attribute("data-count-village") == "139"
    assert map_el.get_attribute("data-count-grid") == "260"
    assert page.locator("#map .leaflet-overlay-pane path").count() == 260
    assert page.locator("table tbody tr").count() == 8
    shot(page, "04-leader-district-map")

    page.check("input[data-layer=town]")
    assert page.locator("#map .leaflet-overlay-pane path").count() == 268
    page.click("text=渌口镇")
    page.wait_for_url(f"{site}/regions/430212100/")
    wait_for_map(page)
    assert page.locator("[data-stat=villages] b").inner_text() == "19"
    shot(page, "05-leader-town")


def test_grid_worker_on_a_phone_sees_only_their_grid(site: str, open_page: Any) -> None:
    page = open_page(PHONE)
    sign_in(page, site, "gw001")
    page.wait_for_url(f"{site}/")
    assert "我的网格" in page.content()
    assert page.locator("table tbody tr").count() == 1
    shot(page, "06-grid-worker-home-phone")

    page.click("text=区划与网格")
    page.wait_for_url(f"{site}/regions/430212100001001/")
    wait_for_map(page)
    assert page.locator("#map .leaflet-overlay-pane path").count() == 1
    assert "A 岗" in page.content()
    shot(page, "07-grid-worker-grid-phone")

    # The rest of the district does not exist for this account: not in pages, not in the API.
    response = page.goto(f"{site}/regions/430212/")
    assert response.status == 404
    shot(page, "08-grid-worker-out-of-scope-404")
    api = page.request.get(f"{site}/api/regions/?limit=1000").json()
    assert [item["code"] for item in api["items"]] == ["430212100001001"]
    other = page.request.get(f"{site}/api/regions/430212100002001")
    assert other.status == 404
    assert other.json()["detail"]


def test_api_docs_render_without_internet(site: str, open_page: Any) -> None:
    page = open_page()
    sign_in(page, site, "admin")
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/api/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=20_000)
    assert "CivicGrid API" in page.locator(".swagger-ui .info").inner_text()
    shot(page, "09-api-docs")


def test_english_switch(site: str, open_page: Any) -> None:
    page = open_page(PHONE)
    page.goto(f"{site}/accounts/login/")
    page.click("button[name=language][value=en]")
    assert page.locator("h1").inner_text() == "Sign in"
    shot(page, "10-sign-in-english-phone")
