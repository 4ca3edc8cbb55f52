"""The closed loop: each step from its state, by its roles, on the timeline, with deadlines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.models import Notification
from civicgrid.core.workflow import timeline
from civicgrid.events.actions import (
    Report,
    StepInput,
    accept_event,
    available_actions,
    close_event,
    dispatch_event,
    handle_event,
    rate_event,
    register_event,
    reject_event,
    report_event,
    rework_event,
    send_back_event,
    suggest_dispatch,
    take_step,
    verify_event,
)
from civicgrid.events.models import Event, Photo, State

from .fixtures import POINT_A, POINT_B, photo_upload

pytestmark = pytest.mark.django_db


def _report(actor: Any, category: Any, point: tuple[float, float] = POINT_A) -> Event:
    event, created = report_event(
        actor,
        Report(category=category, description="垃圾池满了", lon=point[0], lat=point[1]),
        source="grid_worker",
    )
    assert created
    return event


def test_full_loop_from_report_to_rating(
    personas: dict[str, Any],
    categories: dict[str, Any],
    departments: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    resident, reviewer = personas["resident"], personas["reviewer"]
    with django_capture_on_commit_callbacks(execute=True):
        event, _ = report_event(
            resident,
            Report(
                category=categories["garbage"].code,
                description="桥头垃圾池满了",
                lon=POINT_A[0],
                lat=POINT_A[1],
                photos=[photo_upload()],
            ),
            source="resident",
        )
    assert event.region_id == "430212100001001"
    assert event.state == State.REPORTED and event.due_at is not None
    assert Notification.objects.filter(recipient=reviewer, object_id=str(event.pk)).exists()

    register_event(reviewer, event)
    department, town = suggest_dispatch(event)
    assert department == departments["D002"] and town is None
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_event(reviewer, event)
    assert event.department == departments["D002"]
    # Handling limit for 市容环境 is 2 working days: due at the end of a working day.
    assert timezone.localtime(event.due_at).hour == 23

    handler = personas["other_approver"]  # D002
    assert Notification.objects.filter(recipient=handler).exists()
    accept_event(handler, event)
    handle_event(handler, event, note="已清运", photos=[photo_upload("after.png", "PNG")])
    verify_event(personas["worker_a"], event, passed=True, photos=[photo_upload()])
    close_event(reviewer, event)
    rate_event(resident, event, rating="satisfied", note="很快")

    event.refresh_from_db()
    assert event.state == State.EVALUATED and event.rating == "satisfied"
    assert event.due_at is None and event.watch_at is None
    steps = [(t.from_state, t.to_state) for t in timeline(event)]
    assert steps == [
        ("", "reported"),
        ("reported", "registered"),
        ("registered", "dispatched"),
        ("dispatched", "handling"),
        ("handling", "handled"),
        ("handled", "verified"),
        ("verified", "closed"),
        ("closed", "evaluated"),
    ]
    stages = sorted(Photo.objects.filter(event=event).values_list("stage", flat=True))
    assert stages == ["handled", "report", "verify"]


def test_failed_verification_goes_back_for_rework(
    events: dict[str, Any], personas: dict[str, Any]
) -> None:
    event = events["to_department"]
    handler = personas["other_approver"]
    accept_event(handler, event)
    handle_event(handler, event, note="已处理")
    with pytest.raises(ActionError, match="still wrong"):
        verify_event(personas["worker_b"], event, passed=False, note="")
    verify_event(personas["worker_b"], event, passed=False, note="还有垃圾没清")
    assert event.state == State.RETURNED and event.rework_count == 1
    assert event.due_at is not None  # a fresh handling deadline for the rework
    rework_event(handler, event)
    handle_event(handler, event, note="全部清理")
    verify_event(personas["worker_b"], event, passed=True)
    assert event.state == State.VERIFIED
    notes = [t.note for t in timeline(event)]
    assert "还有垃圾没清" in notes


def test_steps_out_of_order_are_refused_and_change_nothing(
    events: dict[str, Any], personas: dict[str, Any]
) -> None:
    event = events["reported"]
    with pytest.raises(ActionError, match="cannot go from"):
        close_event(personas["reviewer"], event)
    with pytest.raises(ActionError):
        take_step(personas["reviewer"], event, "dispatch", StepInput())
    with pytest.raises(ActionError, match="Unknown step"):
        take_step(personas["reviewer"], event, "teleport", StepInput())
    event.refresh_from_db()
    assert event.state == State.REPORTED
    assert len(timeline(event)) == 1


def test_each_step_belongs_to_its_roles(events: dict[str, Any], personas: dict[str, Any]) -> None:
    reported = events["reported"]
    with pytest.raises(NotAllowed):
        register_event(personas["worker_a"], reported)
    dispatched = events["to_department"]  # D002
    with pytest.raises(NotAllowed, match="department"):
        accept_event(personas["approver"], dispatched)  # D001
    to_town = events["to_town"]  # 甲镇
    accept_event(personas["town_staff"], to_town)
    handle_event(personas["town_staff"], to_town, note="调解成功")
    with pytest.raises(NotAllowed):
        verify_event(personas["town_staff"], to_town, passed=True)
    verify_event(personas["worker_a"], to_town, passed=True)
    close_event(personas["reviewer"], to_town)
    with pytest.raises(NotAllowed, match="reported it"):
        rate_event(personas["worker_b"], to_town, rating="satisfied")
    rate_event(personas["worker_a"], to_town, rating="basic")  # the reporting grid worker


def test_buttons_show_only_what_the_user_may_do(
    events: dict[str, Any], personas: dict[str, Any]
) -> None:
    assert available_actions(personas["reviewer"], events["reported"]) == ["register", "reject"]
    assert available_actions(personas["worker_a"], events["reported"]) == []
    assert available_actions(personas["other_approver"], events["to_department"]) == [
        "accept",
        "send_back",
    ]
    assert available_actions(personas["approver"], events["to_department"]) == []
    assert available_actions(personas["town_staff"], events["to_town"]) == ["accept", "send_back"]


def test_rejection_needs_a_reason_and_ends_the_case(
    events: dict[str, Any], personas: dict[str, Any]
) -> None:
    event = events["reported"]
    with pytest.raises(ActionError, match="why"):
        reject_event(personas["reviewer"], event, reason="  ")
    reject_event(personas["reviewer"], event, reason="重复上报")
    event.refresh_from_db()
    assert event.state == State.REJECTED and event.reject_reason == "重复上报"
    assert event.watch_at is None


def test_department_sends_a_misdirected_case_back(
    events: dict[str, Any], personas: dict[str, Any]
) -> None:
    event = events["to_department"]
    send_back_event(personas["other_approver"], event, reason="不属于本部门职责")
    event.refresh_from_db()
    assert event.state == State.REGISTERED and event.department_id is None
    dispatch_event(personas["reviewer"], event, department=personas["approver"].department)
    assert event.department == personas["approver"].department


def test_registering_an_address_only_report_needs_a_grid(
    personas: dict[str, Any], categories: dict[str, Any], district: Any
) -> None:
    event, _ = report_event(
        None,
        Report(category="0101", description="垃圾没人收", address="甲镇东社区菜市场旁"),
        source="public",
    )
    assert event.region_id == "430212"  # the district until someone places it
    with pytest.raises(ActionError, match="grid"):
        register_event(personas["reviewer"], event)
    register_event(personas["reviewer"], event, region=district["430212100001002"])
    assert event.region_id == "430212100001002"


def test_a_stale_click_gets_a_conflict(events: dict[str, Any], personas: dict[str, Any]) -> None:
    """Two dispatchers open the same report; the second click finds it already registered."""
    first = Event.objects.get(pk=events["reported"].pk)
    second = Event.objects.get(pk=events["reported"].pk)
    register_event(personas["reviewer"], first)
    with pytest.raises(Conflict):
        reject_event(personas["reviewer"], second, reason="重复")
    first.refresh_from_db()
    assert first.state == State.REGISTERED


def test_late_steps_count_against_the_on_time_rate(
    events: dict[str, Any], personas: dict[str, Any]
) -> None:
    event = events["reported"]
    Event.objects.filter(pk=event.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    event.refresh_from_db()
    register_event(personas["reviewer"], event)
    event.refresh_from_db()
    assert event.late is True
    assert event.overdue is False  # the new step starts on time


def test_point_b_is_grid_b(personas: dict[str, Any], categories: dict[str, Any]) -> None:
    event = _report(personas["worker_b"], categories["garbage"], POINT_B)
    assert event.region_id == "430212101201001"
