"""The closed loop in the browser: a resident reports a full garbage pool from a phone, the grid
center registers and dispatches it, the department handles it with a photo, the grid's worker
verifies it on site, the grid center closes it and the resident rates it. Then a case that fails
verification goes back for rework, and an overdue one is escalated by ``civicgrid tick``."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from shapely.geometry import shape

from civicgrid.events.models import Category, Event
from civicgrid.regions.models import GridAssignment, GridPost
from e2e.conftest import DESKTOP, PHONE, shot, sign_in


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.jpg"
    image = Image.new("RGB", (800, 600), (90, 120, 60))
    out = io.BytesIO()
    image.save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def events_demo(demo_district: None) -> dict[str, Any]:
    """The demo's category tree and handler accounts; the grid of the first A-post worker."""
    from civicgrid.events import demo as events_demo

    events_demo.seed_categories()
    events_demo.seed_handler_account()
    post = (
        GridAssignment.objects.filter(post=GridPost.A)
        .select_related("grid", "worker")
        .order_by("grid__code")
        .first()
    )
    point = shape(post.grid.boundary).representative_point()
    return {
        "worker": post.worker.username,
        "grid": post.grid,
        "where": {"longitude": point.x, "latitude": point.y},
        "garbage": Category.objects.get(name="垃圾池满溢"),
    }


def _step(page: Any, action: str, note: str = "", photo: Path | None = None) -> None:
    form = page.locator(f"form[data-action='{action}']")
    if note:
        form.locator("textarea[name=note]").fill(note)
    if photo is not None:
        form.locator("input[type=file]").set_input_files(str(photo))
    form.locator(f"#do-{action}").click()
    page.wait_for_load_state()


def _open_case(page: Any, site: str, number: str, queue: str = "") -> None:
    page.goto(f"{site}/events/{'?queue=' + queue if queue else ''}")
    page.locator("li.row-card", has_text=number).locator("a").first.click()
    page.wait_for_url("**/events/*/")


def test_garbage_pool_from_report_to_rating(
    site: str, open_page: Any, events_demo: dict[str, Any], photo: Path
) -> None:
    # A villager with no account reports from a phone, then creates an account to follow it.
    resident = open_page(PHONE, geolocation=events_demo["where"])
    resident.goto(f"{site}/")
    resident.click("nav.mainnav >> text=上报问题")
    resident.select_option("#id_category", events_demo["garbage"].code)
    resident.fill("#id_description", "桥头垃圾池满了，已经溢出到路上，气味很大")
    resident.click("#use-location")
    resident.wait_for_function("document.getElementById('picked').textContent.startsWith('✔')")
    assert events_demo["grid"].name in resident.text_content("#picked")
    resident.set_input_files("#photos", str(photo))
    shot(resident, "40-resident-reports-garbage-pool-phone")
    resident.click("#submit-report")
    resident.wait_for_url("**/events/report/done/")
    number = resident.text_content("#case-number").strip()
    shot(resident, "41-resident-report-filed-phone")
    resident.click("#signup-to-follow")
    resident.fill("#id_username", "lijie")
    resident.fill("#id_full_name", "李杰")
    resident.fill("#id_phone", "13973311234")
    resident.fill("#id_password1", "garbage pool 2026")
    resident.fill("#id_password2", "garbage pool 2026")
    resident.click("form.stacked button[type=submit]")
    resident.wait_for_url("**/events/")
    assert resident.locator("li.row-card", has_text=number).count() == 1  # now theirs
    _open_case(resident, site, number)
    assert "已上报" in resident.text_content("#event-state")
    assert resident.locator("#event-photos img").count() == 1
    shot(resident, "41b-resident-follows-report-phone")

    dispatcher = open_page(DESKTOP)
    sign_in(dispatcher, site, "reviewer")
    dispatcher.wait_for_url(f"{site}/")
    _open_case(dispatcher, site, number, "dispatch")
    shot(dispatcher, "42-dispatcher-sees-report")
    _step(dispatcher, "register", "属实，立案")
    assert "已立案" in dispatcher.text_content("#event-state")
    department = dispatcher.locator("#id_department option:checked").text_content()
    assert department == "区城市管理和综合执法局"  # suggested from the category
    shot(dispatcher, "43-dispatcher-dispatches")
    _step(dispatcher, "dispatch", "请两个工作日内清运")
    assert "已派遣" in dispatcher.text_content("#event-state")

    handler = open_page(DESKTOP)
    sign_in(handler, site, "chengguan")
    handler.wait_for_url(f"{site}/")
    _open_case(handler, site, number)
    _step(handler, "accept")
    _step(handler, "handle", "已安排保洁员清运，垃圾池已清空", photo)
    assert "已处置" in handler.text_content("#event-state")
    shot(handler, "44-department-handled-with-photo")

    worker = open_page(PHONE)
    sign_in(worker, site, events_demo["worker"])
    worker.wait_for_url(f"{site}/")
    _open_case(worker, site, number, "verify")
    _step(worker, "verify", "现场查看已清理干净", photo)
    assert "已核查" in worker.text_content("#event-state")
    shot(worker, "45-grid-worker-verified-phone")

    _open_case(dispatcher, site, number)
    _step(dispatcher, "close", "结案")
    assert "已结案" in dispatcher.text_content("#event-state")

    resident.goto(f"{site}/notifications/")
    resident.locator("a", has_text=number).click()
    resident.wait_for_url("**/events/*/")
    resident.locator("form[data-action='rate'] input[value=satisfied]").check()
    _step(resident, "rate", "处理很及时，谢谢！")
    assert "满意" in resident.text_content("#rating")
    assert resident.locator("#timeline > li").count() == 8
    assert resident.locator("#event-photos img").count() >= 3
    shot(resident, "46-resident-rated-phone")

    event = Event.objects.get(number=number)
    assert event.state == "evaluated" and event.rating == "satisfied"


def test_failed_verification_and_overdue_escalation(
    site: str, open_page: Any, events_demo: dict[str, Any], photo: Path
) -> None:
    from civicgrid.accounts.models import User
    from civicgrid.events.actions import Report, dispatch_event, register_event, report_event

    reviewer = User.objects.get(username="reviewer")
    where = events_demo["where"]
    event, _ = report_event(
        User.objects.get(username=events_demo["worker"]),
        Report(
            category=events_demo["garbage"],
            description="村口垃圾池满溢",
            lon=where["longitude"],
            lat=where["latitude"],
        ),
        source="grid_worker",
    )
    register_event(reviewer, event)
    dispatch_event(reviewer, event)

    handler = open_page(DESKTOP)
    sign_in(handler, site, "chengguan")
    handler.wait_for_url(f"{site}/")
    _open_case(handler, site, event.number)
    _step(handler, "accept")
    _step(handler, "handle", "已清运")

    worker = open_page(PHONE)
    sign_in(worker, site, events_demo["worker"])
    worker.wait_for_url(f"{site}/")
    _open_case(worker, site, event.number, "verify")
    _step(worker, "return", "池边还有散落垃圾，没有清理干净", photo)
    assert "退回重办" in worker.text_content("#event-state")
    shot(worker, "47-grid-worker-returns-for-rework-phone")

    _open_case(handler, site, event.number)
    assert "没有清理干净" in handler.text_content("#timeline")
    _step(handler, "rework", "重新安排清理")
    _step(handler, "handle", "散落垃圾已全部清理", photo)
    _open_case(worker, site, event.number, "verify")
    _step(worker, "verify", "已清理干净")
    assert "已核查" in worker.text_content("#event-state")

    # A second case sits with the department past its deadline: the tick escalates it.
    late, _ = report_event(
        reviewer,
        Report(
            category=events_demo["garbage"],
            description="路边垃圾池满溢",
            lon=where["longitude"],
            lat=where["latitude"],
        ),
        source="staff",
    )
    register_event(reviewer, late)
    dispatch_event(reviewer, late)
    past = timezone.now() - timedelta(hours=3)
    Event.objects.filter(pk=late.pk).update(
        step_started_at=past - timedelta(days=2), due_at=past, watch_at=past
    )
    call_command("tick")
    _open_case(handler, site, late.number)
    assert handler.locator("#overdue-badge").is_visible()
    assert "督办" in handler.text_content("#timeline")
    shot(handler, "48-overdue-case-escalated")
    handler.goto(f"{site}/notifications/")
    assert handler.locator("li", has_text=late.number).count() >= 1
    shot(handler, "49-department-notifications")

    leader = open_page(DESKTOP)
    sign_in(leader, site, "leader")
    leader.wait_for_url(f"{site}/")
    leader.goto(f"{site}/events/?queue=all&overdue=1")
    assert leader.locator("li.row-card", has_text=late.number).count() == 1
    shot(leader, "50-leader-overdue-list")
    leader.goto(f"{site}/events/stats/?by=category")
    total = leader.locator("#figures tr.total td").nth(1).text_content()
    assert int(total) == Event.objects.count()
    shot(leader, "51-leader-event-figures")
