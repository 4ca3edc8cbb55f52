"""Fixtures of the inquiries app (registered in the root conftest)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicgrid.accounts.models import Role, User
from civicgrid.inquiries.actions import (
    Question,
    answer_inquiry,
    ask_inquiry,
    assign_inquiry,
    publish_inquiry,
)
from civicgrid.inquiries.models import Category, Inquiry


def inquiries_pdf(name: str = "照片说明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


@pytest.fixture
def inquiries_categories(departments: dict[str, Any]) -> dict[str, Category]:
    """治安 answered by D001 (公安), 社会保障 by D002 (民政), 其他 with no default department."""
    return {
        "ZA": Category.objects.create(
            code="ZA", name="治安", department=departments["D001"], order=1
        ),
        "SB": Category.objects.create(
            code="SB", name="社会保障", department=departments["D002"], order=2, time_limit_days=3
        ),
        "QT": Category.objects.create(code="QT", name="其他", order=9),
    }


@pytest.fixture
def inquiries_other_resident(personas: dict[str, Any]) -> User:
    return User.objects.create_user(
        username="inq_resident2", password="x", full_name="李四", role=Role.RESIDENT
    )


def inquiries_ask(user: User, title: str, body: str, category: str = "ZA", **kw: Any) -> Inquiry:
    return ask_inquiry(user, Question(title, body, category, **kw))


def inquiries_publish(personas: dict[str, Any], inquiry: Inquiry, department: Any) -> Inquiry:
    approver = User.objects.filter(role=Role.APPROVER, department=department).first()
    assign_inquiry(personas["reviewer"], inquiry, department)
    answer_inquiry(approver, inquiry, "已安排民警加强夜间巡逻，感谢您的反映。")
    return publish_inquiry(personas["reviewer"], inquiry)


@pytest.fixture
def inquiries_rows(
    personas: dict[str, Any],
    departments: dict[str, Any],
    inquiries_categories: dict[str, Category],
    inquiries_other_resident: User,
) -> dict[str, Inquiry]:
    """Questions in every interesting state, of two askers, public and private."""
    resident = personas["resident"]
    new = inquiries_ask(resident, "小区路灯坏了", "东社区3栋门口的路灯坏了一个多月，晚上很黑。")
    private = ask_inquiry(
        resident,
        Question("邻里纠纷求助", "邻居长期占用消防通道，我的电话13812345678。", "ZA", False),
        [inquiries_pdf()],
    )
    assign_inquiry(personas["reviewer"], private, departments["D001"])
    published = inquiries_ask(
        resident, "低保申请条件", "家里老人生病，想问低保申请需要什么条件和材料？", "SB"
    )
    inquiries_publish(personas, published, departments["D002"])
    private_published = inquiries_ask(
        resident, "夜间噪音扰民", "楼下烧烤店每晚营业到凌晨两点，噪音很大。", is_public=False
    )
    inquiries_publish(personas, private_published, departments["D001"])
    other = inquiries_ask(
        inquiries_other_resident,
        "养老补贴发放时间",
        "请问乙镇八十岁以上老人高龄补贴什么时候发放？",
        "SB",
        region="430212101",
    )
    assign_inquiry(personas["reviewer"], other, departments["D002"])
    held = inquiries_ask(inquiries_other_resident, "投诉狗官不作为", "这些狗官根本不管事情。")
    return {
        "new": new,
        "private": private,
        "published": published,
        "private_published": private_published,
        "other": other,
        "held": held,
    }
