"""Scope declarations of the inquiries endpoints (see core/testing/scope.py)."""

from __future__ import annotations

from typing import Any

from civicgrid.core.testing.scope import ScopedEndpoint
from civicgrid.inquiries.models import Attachment, Inquiry

FIX = ("inquiries_rows",)


def sees_inquiry(inquiry: Any, user: Any) -> bool:
    """Administrators see every question; the asker their own; the operator (reviewer) the
    questions of their region subtree; a department approver the questions assigned to their
    department. Nobody else, public or not: the public reads published questions elsewhere."""
    if user.role == "administrator" or inquiry.asker_id == user.pk:
        return True
    if user.role == "reviewer" and user.scope_region is not None:
        return inquiry.region_id.startswith(user.scope_region.code)
    if user.role == "approver" and user.department_id is not None:
        return inquiry.department_id == user.department_id
    return False


def sees_attachment(attachment: Any, user: Any) -> bool:
    return sees_inquiry(attachment.inquiry, user)


ENDPOINTS = [
    ScopedEndpoint(
        name="inquiries-api",
        model=Inquiry,
        fixtures=FIX,
        oracle=sees_inquiry,
        routes=(
            "api:inquiry_list",
            "api:inquiry_detail",
            "api:inquiry_step",
            "api:inquiry_reveal",
        ),
        list_url="/api/inquiries/questions",
        detail_urls=(lambda i: f"/api/inquiries/questions/{i.pk}",),
        post_urls=(
            (lambda i: f"/api/inquiries/questions/{i.pk}/steps", {"step": "publish"}),
            (lambda i: f"/api/inquiries/questions/{i.pk}/reveal", {}),
        ),
        missing_url="/api/inquiries/questions/999999",
    ),
    ScopedEndpoint(
        name="inquiries-pages",
        model=Inquiry,
        fixtures=FIX,
        oracle=sees_inquiry,
        routes=(
            "inquiries:questions",
            "inquiries:question",
            "inquiries:question_step",
            "inquiries:reveal",
        ),
        list_url="/inquiries/questions/?queue=all",
        list_format="html",
        item_key=lambda key: key,
        row_key=lambda i: str(i.pk),
        detail_urls=(lambda i: f"/inquiries/questions/{i.pk}/",),
        post_urls=(
            (lambda i: f"/inquiries/questions/{i.pk}/steps/publish/", {}),
            (lambda i: f"/inquiries/questions/{i.pk}/reveal/", {}),
        ),
        missing_url="/inquiries/questions/999999/",
    ),
    ScopedEndpoint(
        name="inquiries-attachments",
        model=Attachment,
        fixtures=FIX,
        oracle=sees_attachment,
        routes=("inquiries:attachment",),
        detail_urls=(lambda a: f"/inquiries/questions/{a.inquiry_id}/attachments/{a.pk}/",),
        missing_url="/inquiries/questions/999999/attachments/1/",
    ),
]

UNSCOPED = {
    "inquiries:public_list": "public: published public questions only (Inquiry.objects.public())",
    "inquiries:public_detail": "public: a published public question, masked texts only",
    "inquiries:ask": "a resident's own form; reads no rows",
    "api:inquiry_categories": "reference data: the active categories",
    "api:inquiry_public_list": "public: published public questions only (Inquiry.objects.public())",
    "api:inquiry_public_detail": "public: a published public question, masked texts only",
    "api:inquiry_ask": "creates the caller's own question; reads no other rows",
}
