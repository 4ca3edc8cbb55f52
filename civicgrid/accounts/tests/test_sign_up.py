"""A resident creates their own account; nothing on the form can make a staff account."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from civicgrid.accounts.models import User
from civicgrid.core.models import AuditLog

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "zhangsan",
    "full_name": "张三",
    "phone": "13912345678",
    "password1": "a long enough pass 42",
    "password2": "a long enough pass 42",
}


def test_resident_signs_up_and_is_signed_in(personas: Any) -> None:
    client = Client()
    response = client.post("/accounts/signup/", {**GOOD, "next": "/events/"})
    assert response.status_code == 302 and response.url == "/events/"
    user = User.objects.get(username="zhangsan")
    assert user.role == "resident" and user.scope_region is None and user.department is None
    assert user.check_password(GOOD["password1"])
    assert AuditLog.objects.filter(action="accounts.signup", object_id=str(user.pk)).exists()
    assert client.get("/events/").status_code == 200


def test_the_form_cannot_make_staff(district: Any) -> None:
    Client().post("/accounts/signup/", {**GOOD, "role": "administrator", "scope_region": "430212"})
    user = User.objects.get(username="zhangsan")
    assert user.role == "resident" and user.scope_region is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"password2": "something else 42"}, "password2"),
        ({"password1": "short", "password2": "short"}, "password2"),
        ({"username": "resident"}, "username"),
    ],
)
def test_bad_sign_ups_show_form_errors(personas: Any, change: dict[str, str], field: str) -> None:
    response = Client().post("/accounts/signup/", {**GOOD, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.filter(role="resident").count() == 1  # the persona only


def test_an_offsite_next_is_ignored(district: Any) -> None:
    response = Client().post("/accounts/signup/", {**GOOD, "next": "https://evil.example/"})
    assert response.url == "/"
