"""The whole life of a question through the actions: ask, assign, answer, review, publish, rate."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.accounts.models import Department
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.models import AuditLog, Notification
from civicgrid.core.workflow import timeline
from civicgrid.inquiries.actions import (
    NotAssignedHere,
    Question,
    answer_inquiry,
    ask_inquiry,
    assign_inquiry,
    hand_back_inquiry,
    not_assigned_here,
    publish_inquiry,
    rate_inquiry,
    reject_inquiry,
    return_inquiry,
)
from civicgrid.inquiries.models import Attachment, Inquiry, InquiryState

from .fixtures import inquiries_ask, inquiries_pdf

ANSWER = "已安排民警加强夜间巡逻，感谢您的反映。"


@pytest.fixture
def asked(personas: dict[str, Any], inquiries_categories: Any) -> Inquiry:
    return inquiries_ask(personas["resident"], "小区夜间不安全", "最近小区夜里常有陌生人出入。")


def test_a_question_goes_from_asking_to_rating(
    personas: dict[str, Any],
    departments: Any,
    asked: Inquiry,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assign_inquiry(personas["reviewer"], asked, departments["D001"])
    assert asked.state == InquiryState.ASSIGNED
    assert asked.due_at is not None and asked.watch_at is not None
    assert Notification.objects.filter(recipient=personas["approver"]).exists()

    answer_inquiry(personas["approver"], asked, ANSWER)
    assert asked.state == InquiryState.ANSWERED
    assert asked.watch_at is None
    publish_inquiry(personas["reviewer"], asked)
    assert Inquiry.objects.public().filter(pk=asked.pk).exists()

    rate_inquiry(personas["resident"], asked, 5, "很快")
    asked.refresh_from_db()
    assert (asked.state, asked.rating, asked.rating_comment) == ("closed", 5, "很快")
    assert [t.to_state for t in timeline(asked)] == [
        "submitted",
        "assigned",
        "answered",
        "published",
        "closed",
    ]
    actions = set(AuditLog.objects.filter(object_id=str(asked.pk)).values_list("action", flat=True))
    assert {
        "inquiries.ask",
        "inquiries.assign",
        "inquiries.answer",
        "inquiries.publish",
        "inquiries.rate",
    } <= actions


def test_an_answer_from_another_department_is_refused_like_a_missing_question(
    personas: dict[str, Any], departments: Any, asked: Inquiry
) -> None:
    assign_inquiry(personas["reviewer"], asked, departments["D001"])
    with pytest.raises(NotAssignedHere) as refused:
        answer_inquiry(personas["other_approver"], asked, ANSWER)
    assert refused.value.status == 404
    assert "区公安分局" not in refused.value.message  # names nobody
    asked.refresh_from_db()
    assert asked.state == InquiryState.ASSIGNED and asked.answer == ""


def test_an_answer_after_reassignment_gets_the_same_404_naming_nobody(
    personas: dict[str, Any], departments: Any, asked: Inquiry
) -> None:
    assign_inquiry(personas["reviewer"], asked, departments["D001"])
    stale = Inquiry.objects.get(pk=asked.pk)  # the approver's page, loaded before the reassignment
    assign_inquiry(personas["reviewer"], asked, departments["D002"])
    with pytest.raises(NotAssignedHere) as refused:
        answer_inquiry(personas["approver"], stale, ANSWER)
    assert refused.value.message == not_assigned_here().message
    assert "区民政局" not in refused.value.message
    with pytest.raises(NotAssignedHere):
        hand_back_inquiry(personas["approver"], stale, "不归我们管")
    asked.refresh_from_db()
    assert asked.department_id == departments["D002"].pk and asked.answer == ""


def test_a_second_reassignment_from_the_same_department_gets_a_conflict(
    personas: dict[str, Any], departments: Any, asked: Inquiry
) -> None:
    assign_inquiry(personas["reviewer"], asked, departments["D001"])
    first = Inquiry.objects.select_related("department").get(pk=asked.pk)
    second = Inquiry.objects.select_related("department").get(pk=asked.pk)
    housing = Department.objects.create(code="D003", name="区住建局")
    assign_inquiry(personas["reviewer"], first, departments["D002"])
    with pytest.raises(Conflict):
        assign_inquiry(personas["reviewer"], second, housing)
    asked.refresh_from_db()
    assert asked.department_id == departments["D002"].pk
    assert [t.to_state for t in timeline(asked)].count("assigned") == 2


def test_a_returned_answer_is_answered_again(
    personas: dict[str, Any], departments: Any, asked: Inquiry
) -> None:
    assign_inquiry(personas["reviewer"], asked, departments["D001"])
    answer_inquiry(personas["approver"], asked, ANSWER)
    return_inquiry(personas["reviewer"], asked, "请写明巡逻时间。")
    assert asked.state == InquiryState.RETURNED
    assert asked.watch_at is not None  # the department's clock runs again
    answer_inquiry(personas["approver"], asked, ANSWER + "每晚20点至次日2点。")
    assert asked.state == InquiryState.ANSWERED


def test_too_short_answer_is_refused(
    personas: dict[str, Any], departments: Any, asked: Inquiry
) -> None:
    assign_inquiry(personas["reviewer"], asked, departments["D001"])
    with pytest.raises(ActionError, match="at least 10 characters"):
        answer_inquiry(personas["approver"], asked, "收到。")


def test_the_department_hands_back_a_question_that_is_not_its_matter(
    personas: dict[str, Any], departments: Any, asked: Inquiry
) -> None:
    assign_inquiry(personas["reviewer"], asked, departments["D001"])
    hand_back_inquiry(personas["approver"], asked, "属于物业管理，请转住建局")
    assert asked.state == InquiryState.SUBMITTED and asked.department_id is None


def test_rejection_needs_a_reason_and_tells_the_asker(
    personas: dict[str, Any], asked: Inquiry, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(ActionError, match="Say why"):
        reject_inquiry(personas["reviewer"], asked, " ")
    with django_capture_on_commit_callbacks(execute=True):
        reject_inquiry(personas["reviewer"], asked, "重复提问")
    assert asked.state == InquiryState.REJECTED
    assert Notification.objects.filter(
        recipient=personas["resident"], text__contains="重复提问"
    ).exists()


def test_only_the_asker_rates_and_only_once(
    personas: dict[str, Any], departments: Any, asked: Inquiry, inquiries_other_resident: Any
) -> None:
    assign_inquiry(personas["reviewer"], asked, departments["D001"])
    answer_inquiry(personas["approver"], asked, ANSWER)
    publish_inquiry(personas["reviewer"], asked)
    with pytest.raises(NotAllowed):
        rate_inquiry(inquiries_other_resident, asked, 1)
    with pytest.raises(ActionError, match="1 to 5"):
        rate_inquiry(personas["resident"], asked, 6)
    rate_inquiry(personas["resident"], asked, 4)
    with pytest.raises(ActionError):
        rate_inquiry(personas["resident"], asked, 1)
    asked.refresh_from_db()
    assert asked.rating == 4


def test_roles_are_checked(personas: dict[str, Any], departments: Any, asked: Inquiry) -> None:
    with pytest.raises(NotAllowed):
        assign_inquiry(personas["approver"], asked, departments["D001"])
    with pytest.raises(NotAllowed):
        ask_inquiry(personas["reviewer"], Question("路灯问题", "东社区路灯坏了很久了。", "ZA"))


def test_a_stale_click_gets_a_conflict(
    personas: dict[str, Any], departments: Any, asked: Inquiry
) -> None:
    stale = Inquiry.objects.get(pk=asked.pk)
    reject_inquiry(personas["reviewer"], asked, "重复提问")
    with pytest.raises(ActionError):
        assign_inquiry(personas["reviewer"], stale, departments["D001"])
    stale2 = Inquiry.objects.get(pk=asked.pk)
    stale2.state = "submitted"  # as the page saw it
    with pytest.raises(Conflict):
        reject_inquiry(personas["reviewer"], stale2, "再次")


def test_bad_input_writes_nothing(
    personas: dict[str, Any], inquiries_categories: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", "application/octet-stream")
    with pytest.raises(ActionError, match="not a PDF, JPEG or PNG"):
        ask_inquiry(
            personas["resident"], Question("路灯问题", "东社区路灯坏了很久了。", "ZA"), [bad]
        )
    with pytest.raises(ActionError, match="category"):
        ask_inquiry(personas["resident"], Question("路灯问题", "东社区路灯坏了很久了。", "XX"))
    with pytest.raises(ActionError, match="at least 10"):
        ask_inquiry(personas["resident"], Question("路灯问题", "太短", "ZA"))
    assert not Inquiry.objects.exists()


def test_attachments_are_kept(personas: dict[str, Any], inquiries_categories: Any) -> None:
    inquiry = ask_inquiry(
        personas["resident"],
        Question("路灯问题", "东社区路灯坏了很久了。", "ZA"),
        [inquiries_pdf("现场.pdf")],
    )
    attachment = Attachment.objects.get(inquiry=inquiry)
    assert attachment.original_name == "现场.pdf"
    assert attachment.content_type == "application/pdf"
