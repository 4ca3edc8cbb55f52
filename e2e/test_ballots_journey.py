"""Livelihood-project ballot (民生实事项目票决) in the browser.

An administrator sets up a session of ten deputies and a ballot of twelve candidates (choose ten)
through the pages and opens it; each of the ten deputies votes on a phone from a fixed matrix; a
second vote, more than ten "for" marks, a non-deputy and a vote after the close are refused with
clear messages; deputies check their stored ballot by code through a POST form (before and after
the close); the administrator closes, counts and publishes; the public result equals a hand
count of the matrix; the recount matches; the police bureau reports progress on its project."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import translation

from civicgrid.accounts.demo import DEMO_PASSWORD
from civicgrid.accounts.models import Role, User
from civicgrid.ballots.models import Ballot, Candidate
from civicgrid.regions.models import Level, Region
from e2e.conftest import DESKTOP, PHONE, shot, sign_in

CANDIDATES = [
    ("城区老旧小区改造", "3200", "区住房和城乡建设局"),
    ("农村公路提质改造", "4500", "区交通运输局"),
    ("城乡供水一体化", "2800", "区水利局"),
    ("雪亮工程补点", "1200", "区公安分局"),
    ("义务教育学校扩容", "5600", "区教育局"),
    ("乡镇卫生院提质", "1900", "区卫生健康局"),
    ("社区居家养老服务", "800", "区民政局"),
    ("农村人居环境整治", "1500", "区农业农村局"),
    ("城区停车场建设", "2100", "区城市管理和综合执法局"),
    ("就业技能培训", "600", "区人力资源和社会保障局"),
    ("渌江风光带建设", "2600", "区文化旅游广电体育局"),
    ("农贸市场提质", "900", "区商务局"),
]
FOR_COUNTS = [10, 9, 9, 8, 8, 7, 7, 6, 5, 4, 3, 2]  # the 9th has exactly half: not passed
DEPUTIES = [f"dbd{i:02d}" for i in range(1, 11)]


def _zh(message: str) -> str:
    """A message as the phone (locale zh-CN) shows it."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def _matrix() -> list[list[str]]:
    """matrix[d][c]: deputy d's mark on candidate c. For-votes rotate over the deputies."""
    marks = [["" for _ in CANDIDATES] for _ in DEPUTIES]
    for c, k in enumerate(FOR_COUNTS):
        for t in range(k):
            marks[(c + t) % len(DEPUTIES)][c] = "for"
    for d, row in enumerate(marks):
        for c, mark in enumerate(row):
            if not mark:
                row[c] = "against" if (d + c) % 3 == 0 else "abstain"
    return marks


def _hand_count(matrix: list[list[str]]) -> dict[int, dict[str, Any]]:
    """By position (1–12): the votes, and whether chosen (for > half of 10 deputies; ≤ 10)."""
    count = {}
    for c in range(len(CANDIDATES)):
        column = [row[c] for row in matrix]
        f = column.count("for")
        count[c + 1] = {
            "for": f,
            "against": column.count("against"),
            "abstain": column.count("abstain"),
            "chosen": f * 2 > len(DEPUTIES),
        }
    assert sum(v["chosen"] for v in count.values()) <= 10
    return count


@pytest.fixture
def ballots_deputies_e2e(demo_district: None) -> None:
    district = Region.objects.get(level=Level.DISTRICT)
    password = make_password(DEMO_PASSWORD)
    User.objects.bulk_create(
        User(
            username=name,
            password=password,
            role=Role.DEPUTY,
            scope_region=district,
            full_name=f"代表{name[-2:]}",
        )
        for name in DEPUTIES
    )


def _vote(page: Any, site: str, ballot: Ballot, row: list[str]) -> None:
    for c, mark in zip(
        Candidate.objects.filter(ballot=ballot).order_by("position"), row, strict=True
    ):
        page.locator(f"input[name=c{c.pk}][value={mark}]").check(force=True)


def test_ten_deputies_vote_and_the_result_matches_a_hand_count(
    site: str, open_page: Any, ballots_deputies_e2e: None
) -> None:
    matrix = _matrix()
    assert all(row.count("for") <= 10 for row in matrix)
    expected = _hand_count(matrix)

    # The administrator sets up the session, its roster and the ballot through the pages.
    admin = open_page(DESKTOP)
    sign_in(admin, site, "admin")
    admin.goto(f"{site}/ballots/manage/")
    admin.click("a[href='/ballots/sessions/new/']")
    admin.fill("#id_name", "渌口区第十八届人民代表大会第三次会议")
    admin.select_option("#id_level", "district")
    admin.select_option("#id_region", "430212")
    admin.click("form.stacked button[type=submit]")
    admin.fill("#id_usernames", " ".join(DEPUTIES))
    admin.click("form.stacked button[type=submit]")
    assert admin.locator("#roster-size").inner_text().strip() == "10"
    admin.click("#new-ballot")
    admin.fill("#id_title", "渌口区2026年民生实事项目票决")
    admin.fill("#id_choose", "10")
    admin.fill("#id_opens_at", "2020-01-01T08:00")
    admin.fill("#id_closes_at", "2099-12-31T18:00")
    admin.click("form.stacked button[type=submit]")
    admin.wait_for_url("**/ballots/*/")
    for title, budget, department in CANDIDATES:
        admin.fill("#candidate-form #id_title", title)
        admin.fill("#candidate-form #id_budget", budget)
        admin.select_option("#candidate-form #id_department", label=department)
        admin.click("#candidate-form button[type=submit]")
        admin.wait_for_load_state()
    assert admin.locator("#candidates tbody tr").count() == 12
    shot(admin, "85-ballots-admin-creates-ballot")
    admin.click("#step-open")
    admin.wait_for_load_state()
    ballot = Ballot.objects.get()
    assert ballot.state == "open" and ballot.roster_size == 10

    # Each deputy votes on a phone. The first one's ballot is photographed before casting.
    codes = []
    for d, (name, row) in enumerate(zip(DEPUTIES, matrix, strict=True)):
        phone = open_page(PHONE)
        sign_in(phone, site, name)
        phone.goto(f"{site}/ballots/")
        phone.click(f"a[href='/ballots/{ballot.pk}/vote/']")
        if d == 1:
            # Eleven "for" marks: the live counter warns, and the server refuses.
            for c in Candidate.objects.filter(ballot=ballot).order_by("position")[:11]:
                phone.locator(f"input[name=c{c.pk}][value=for]").check(force=True)
            assert phone.locator("#for-count").get_attribute("class") == "for-count over"
            phone.click("#cast")
            too_many = _zh("You marked %(n)d candidates “for”; at most %(k)d may be chosen.")
            assert too_many % {"n": 11, "k": 10} in phone.locator("#refusal").inner_text()
        _vote(phone, site, ballot, row)
        assert phone.locator("#for-n").inner_text() == str(row.count("for"))
        if d == 0:
            phone.evaluate("window.scrollTo(0, 0)")
            shot(phone, "86-ballots-deputy-ballot-phone")
            # The same ballot open in a second tab, to be submitted again later.
            second = phone.context.new_page()
            second.goto(f"{site}/ballots/{ballot.pk}/vote/")
        phone.click("#cast")
        phone.wait_for_selector("#confirmation-code")
        codes.append(phone.locator("#confirmation-code").inner_text().strip())
        if d == 0:
            # The older tab submits the ballot again: the second vote is refused.
            _vote(second, site, ballot, row)
            second.click("#cast")
            refusal = second.locator("#refusal").inner_text()
            assert _zh("You have already voted on this ballot. Each deputy votes once.") in refusal
            shot(second, "87-ballots-second-vote-refused-phone")
            # The deputy checks the stored ballot: the code goes in a POST body, never a URL.
            phone.click("#check-stored")
            phone.wait_for_selector("#stored")
            assert phone.locator("#stored tbody tr").count() == 12
            assert codes[0] not in phone.url
        phone.context.close()
    assert len(set(codes)) == 10

    # A leader (not a deputy) cannot vote.
    leader = open_page(PHONE)
    sign_in(leader, site, "leader")
    leader.goto(f"{site}/ballots/{ballot.pk}/vote/")
    assert leader.locator("#not-deputy").is_visible()

    # The administrator closes; a late vote is refused; then counts and publishes.
    admin.goto(f"{site}/ballots/{ballot.pk}/")
    assert "10" in admin.locator("#turnout").inner_text()
    admin.click("#step-close")
    admin.wait_for_load_state()
    late = open_page(PHONE)
    sign_in(late, site, DEPUTIES[3])
    late.goto(f"{site}/ballots/{ballot.pk}/vote/")
    assert late.locator("#already").is_visible()
    # After the close (which rewrites the stored ballots in random order) the code still checks.
    late.fill("#already #code", codes[3])
    late.click("#already button[type=submit]")
    late.wait_for_selector("#stored")
    marks = [tr.locator("td").nth(1).inner_text() for tr in late.locator("#stored tbody tr").all()]
    assert len(marks) == 12 and codes[3] not in late.url
    admin.click("#step-count")
    admin.wait_for_load_state()
    admin.click("#step-publish")
    admin.wait_for_load_state()
    admin.click("#recount-link")
    assert (
        _zh(
            "The recount from the stored ballots equals the kept result, and there is one stored "
            "ballot per deputy who voted."
        )
        in admin.locator("#recount-verdict").inner_text()
    )

    # Anyone reads the published result; it equals the hand count.
    public = open_page(PHONE)
    public.goto(f"{site}/ballots/")
    public.click(f"a[href='/ballots/results/{ballot.pk}/']")
    shown = {}
    for tr in public.locator("#result-table tbody tr").all():
        position = int(tr.get_attribute("data-candidate"))
        shown[position] = {
            "for": int(tr.locator("td.for").inner_text()),
            "against": int(tr.locator("td.against").inner_text()),
            "abstain": int(tr.locator("td.abstain").inner_text()),
            "chosen": "chosen" in (tr.get_attribute("class") or ""),
        }
    assert shown == expected
    shot(public, "88-ballots-published-result-phone")

    # The police bureau reports progress on its chosen project; everyone sees the bars.
    police = open_page(DESKTOP)
    sign_in(police, site, "approver")
    police.goto(f"{site}/ballots/projects/")
    police.locator("#projects a", has_text="雪亮工程补点").click()
    police.fill("#id_percent", "60")
    police.fill("#id_note", "新增点位已安装360个")
    police.click("form.stacked button[type=submit]")
    police.wait_for_load_state()
    assert "60%" in police.locator("#percent").inner_text()
    public.goto(f"{site}/ballots/projects/")
    assert public.locator("#projects li[data-project]").count() == 8
    shot(public, "89-ballots-project-progress-phone")
