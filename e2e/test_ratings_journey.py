"""星级创建 in the browser: the village's service staff, on a phone, open the third quarter's
round, tick the stars of a few households of one small grid at the evaluation meeting and close
the round; then the fourth quarter; the household that earned 9 and then 10 stars is marked
自强户 on its history page; the town sees the statistics; 11 stars through the API are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.ratings.models import HouseholdRating, RatingRound, Title
from civicgrid.ratings.queries import held_in
from civicgrid.regions.models import Level, Region
from civicgrid.registry.models import Household
from e2e.conftest import DESKTOP, PHONE, shot, sign_in


@pytest.fixture
def ratings_demo(demo_district: None) -> Region:
    from civicgrid.ratings import demo as ratings_demo

    ratings_demo.seed(log=lambda *a: None)
    village = User.objects.get(username="villagestaff").scope_region
    assert village.level == Level.VILLAGE
    return village


def _fits_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a phone"


def _open_round(page: Any, site: str, quarter: int, meeting: str) -> None:
    page.goto(f"{site}/ratings/")
    page.click("details summary")
    page.fill("input[name=year]", str(timezone.localdate().year))
    page.select_option("select[name=quarter]", str(quarter))
    page.fill("input[name=meeting_date]", meeting)
    page.click("details form button[type=submit]")
    page.wait_for_url("**/record/")


def _tick(page: Any, household: Household, n: int) -> None:
    card = page.locator(f"li.record-card[data-key='{household.pk}']")
    chips = card.locator(".chip")
    for i in range(10):
        box = chips.nth(i).locator("input")
        if (i < n) != box.is_checked():
            chips.nth(i).click()
    assert card.locator("[data-count]").inner_text() == f"{n}★"


def _close(page: Any, site: str, round_: RatingRound) -> None:
    page.goto(f"{site}/ratings/rounds/{round_.pk}/")
    page.once("dialog", lambda d: d.accept())
    page.click("#close-round")
    page.wait_for_load_state()
    round_.refresh_from_db()
    assert round_.state == "closed"
    assert page.locator("#close-round").count() == 0


def test_a_village_records_two_quarters_and_a_household_becomes_self_reliant(
    site: str, open_page: Any, ratings_demo: Region
) -> None:
    village = ratings_demo
    today = timezone.localdate()
    year, current = today.year, (today.month - 1) // 3 + 1
    assert current > 1, "the journey records the previous quarter of the same year"
    previous = current - 1
    # One small grid of the demo village, and three of its households.
    grid = (
        Region.objects.filter(level=Level.GRID, code__startswith=village.code)
        .annotate(n=Count("pk"))
        .order_by("code")
    )
    sizes = {
        g.code: Household.objects.filter(grid_id=g.code).count()
        for g in grid
        if Household.objects.filter(grid_id=g.code).count() >= 3
    }
    small = min(sizes, key=sizes.__getitem__)
    first, second, third = list(Household.objects.filter(grid_id=small).order_by("number")[:3])

    staff = open_page(PHONE)
    sign_in(staff, site, "villagestaff")

    # The previous quarter's meeting: 9 stars for the first household.
    _open_round(staff, site, previous, f"{year}-{previous * 3:02d}-25")
    staff.goto(staff.url.split("?")[0] + f"?grid={small}")
    _tick(staff, first, 9)
    _tick(staff, second, 7)
    _tick(staff, third, 10)
    staff.locator(f"li.record-card[data-key='{second.pk}'] input[type=text]").fill("院落卫生需改进")
    _fits_phone(staff)
    shot(staff, "90-ratings-recording-meeting-phone")
    staff.click("#save-ratings")
    staff.wait_for_load_state()
    q_prev = RatingRound.objects.get(village=village, year=year, quarter=previous)
    assert dict(
        HouseholdRating.objects.filter(round=q_prev).values_list("household_id", "total")
    ) == {first.pk: 9, second.pk: 7, third.pk: 10}
    _close(staff, site, q_prev)
    assert not Title.objects.filter(household=first).exists()  # one good quarter is not enough

    # This quarter's meeting: 10 stars for the same household.
    _open_round(staff, site, current, today.isoformat())
    staff.goto(staff.url.split("?")[0] + f"?grid={small}")
    _tick(staff, first, 10)
    _tick(staff, second, 9)
    _tick(staff, third, 8)
    staff.click("#save-ratings")
    staff.wait_for_load_state()
    q_now = RatingRound.objects.get(village=village, year=year, quarter=current)

    # 11 stars for one household through the API: refused, with the reason, nothing written.
    staff.goto(f"{site}/ratings/rounds/{q_now.pk}/")
    criteria = [c["id"] for c in q_now.criteria]
    result = staff.evaluate(
        """async ([url, body]) => {
            const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken=')) || '';
            const r = await fetch(url, {method: 'POST', headers: {'Content-Type':
              'application/json', 'X-CSRFToken': token.split('=')[1] || ''},
              body: JSON.stringify(body)});
            return {status: r.status, body: await r.json()};
        }""",
        [
            f"/api/ratings/rounds/{q_now.pk}/ratings",
            {
                "ratings": [
                    {"household": first.pk, "criteria": [*criteria, criteria[0]], "stars": 11}
                ]
            },
        ],
    )
    assert result["status"] == 400
    assert result["body"]["errors"][0]["field"] == "ratings.0.stars"
    assert HouseholdRating.objects.get(round=q_now, household=first).total == 10
    staff.evaluate(
        """(text) => { const pre = document.createElement('pre'); pre.id = 'api-refusal';
            pre.className = 'card'; pre.style.whiteSpace = 'pre-wrap'; pre.textContent = text;
            document.querySelector('h1').after(pre); }""",
        f"POST /api/ratings/rounds/{q_now.pk}/ratings  (11★)\n→ HTTP {result['status']}\n"
        + json.dumps(result["body"], ensure_ascii=False, indent=1),
    )
    _fits_phone(staff)
    shot(staff, "94-ratings-out-of-range-refused-phone")

    _close(staff, site, q_now)
    _fits_phone(staff)
    shot(staff, "91-ratings-closed-round-phone")
    card = staff.locator("#ratings li[data-key]", has_text=first.number)
    assert "自强户" in card.inner_text()

    # The household's history: 9 then 10 stars, and the 自强户 title since this quarter.
    card.locator("a").first.click()
    staff.wait_for_selector("#title-badge")
    assert f"{year} Q{current}" in staff.locator("#titles").inner_text()
    _fits_phone(staff)
    shot(staff, "92-ratings-household-history-phone")
    title = Title.objects.get(household=first, lost_year__isnull=True)
    assert (title.since_year, title.since_quarter) == (year, current)

    # The town's staff look at the statistics of their villages.
    town = open_page(DESKTOP)
    sign_in(town, site, "townstaff")
    town.goto(f"{site}/ratings/stats/")
    town.select_option("select[name=period]", f"{year}-{previous}")
    town.wait_for_url("**period=*")
    assert town.locator(f"#figures tr[data-key='{village.code}']").count() == 1
    # The quarter's own figures: titles held in that quarter (not today), closed rounds only.
    town_code = User.objects.get(username="townstaff").scope_region.code
    held_then = Title.objects.filter(grid_code__startswith=town_code).filter(
        held_in(year, previous)
    )
    assert int(town.locator("#titled-total").inner_text()) == held_then.count() >= 1
    assert f"{year}年第{previous}季度" in town.locator("#stats-basis").inner_text()
    shot(town, "93-ratings-statistics")
