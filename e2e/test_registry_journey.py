"""A grid worker collects on a phone; the grid center approves one change and rejects the other."""

from __future__ import annotations

from typing import Any

from civicgrid.registry.identifiers import id_check_digit
from e2e.conftest import DESKTOP, PHONE, shot, sign_in


def valid_id(body17: str) -> str:
    return body17 + id_check_digit(body17)


def test_collect_on_a_phone_then_review(site: str, open_page: Any) -> None:
    worker = open_page(PHONE)
    sign_in(worker, site, "gw001")
    worker.wait_for_url(f"{site}/")
    worker.click("text=新增户")
    worker.fill("#id_hh-number", "H-E2E-0001")
    worker.fill("#id_hh-address", "渌江社区滨江路18号")
    worker.fill("#id_m-0-id_number", valid_id("43021219780512301"))
    worker.fill("#id_m-0-name", "周海涛")
    worker.select_option("#id_m-0-relation", "户主")
    worker.fill("#id_m-0-phone", "13973300001")
    worker.fill("#id_m-1-id_number", valid_id("43021220120901402"))
    worker.fill("#id_m-1-name", "周小雨")
    worker.select_option("#id_m-1-relation", "子女")
    worker.locator("[data-member='2'] label", has_text="留守儿童").click()
    shot(worker, "20-worker-new-household-phone")
    worker.click("form#household-form button[type=submit]")
    worker.wait_for_url("**/registry/changes/*/")
    assert "待审核" in worker.content()
    shot(worker, "21-worker-household-submitted-phone")

    worker.goto(f"{site}/registry/buildings/")
    worker.locator("ul.cards li a").first.click()
    building_url = worker.url
    worker.click("text=修改")
    floors = worker.locator("#id_floors")
    floors.fill(str(int(floors.input_value()) + 2))
    shot(worker, "22-worker-edit-building-phone")
    worker.click("form.stacked button[type=submit]")
    worker.wait_for_url("**/registry/changes/*/")
    shot(worker, "23-worker-building-submitted-phone")

    reviewer = open_page(DESKTOP)
    sign_in(reviewer, site, "reviewer")
    reviewer.wait_for_url(f"{site}/")
    reviewer.goto(f"{site}/registry/changes/")
    assert reviewer.locator("li.change").count() >= 2
    shot(reviewer, "24-reviewer-queue")
    reviewer.click("text=H-E2E-0001")
    assert "周海涛" in reviewer.content()
    assert "43021219780512301" not in reviewer.content()  # masked in the review too
    reviewer.click("#approve")
    reviewer.wait_for_url(f"{site}/registry/changes/")
    assert "已批准并应用" in reviewer.content() or "Approved" in reviewer.content()
    building_change = reviewer.locator("li.change a", has_text="修改").first
    building_change.click()
    reviewer.fill("#id_reason", "楼层数与现场不符，请核实")
    shot(reviewer, "25-reviewer-reject-with-reason")
    reviewer.click("#reject")
    reviewer.wait_for_url(f"{site}/registry/changes/")

    worker.goto(f"{site}/registry/changes/?status=")
    page = worker.content()
    assert "H-E2E-0001" in page and "已批准" in page
    assert "已驳回" in page and "楼层数与现场不符" in page
    shot(worker, "26-worker-sees-both-outcomes-phone")

    worker.goto(f"{site}/registry/households/?q=滨江路18号")
    worker.click("text=渌江社区滨江路18号")
    assert "周海涛" in worker.content() and "周小雨" in worker.content()
    worker.click("text=历史")
    assert "v1" in worker.content()
    shot(worker, "27-household-history-phone")
    worker.goto(building_url)
    worker.click("text=历史")
    # The rejected change changed nothing, and the history says so, with the reviewer's reason.
    assert worker.locator(".history-entry").count() == 0
    rejected = worker.locator(".proposal[data-status=rejected]")
    assert rejected.count() == 1
    assert "楼层数与现场不符" in rejected.inner_text()
    shot(worker, "28-building-history-with-rejection-phone")


def test_search_reveal_and_statistics(site: str, open_page: Any) -> None:
    worker = open_page(PHONE)
    sign_in(worker, site, "gw001")
    worker.wait_for_url(f"{site}/")
    worker.goto(f"{site}/registry/")
    first = worker.locator("ul.cards li").first
    name = first.locator("strong").inner_text()
    worker.fill("input[name=q]", name[1:])  # a given name without the surname: an infix search
    worker.click("form.search button[type=submit]")
    assert worker.locator("ul.cards li", has_text=name).count() >= 1
    shot(worker, "30-worker-name-search-phone")
    worker.locator("ul.cards li a", has_text=name).first.click()
    masked = worker.locator("#id-number").inner_text()
    assert "********" in masked
    worker.click("#reveal")
    worker.wait_for_selector("#full-id")
    full = worker.locator("#full-id").inner_text()
    assert len(full) == 18 and full[:6] == masked[:6] and full[-4:] == masked[-4:]
    shot(worker, "31-worker-revealed-id-phone")

    leader = open_page(DESKTOP)
    sign_in(leader, site, "leader")
    leader.wait_for_url(f"{site}/")
    leader.goto(f"{site}/registry/stats/")
    assert int(leader.locator("[data-stat=people] b").inner_text()) == 2000
    assert leader.locator("table.pyramid .bar").count() == 14
    shot(leader, "32-leader-statistics")
