from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

from civicgrid.conftest import PASSWORD
from civicgrid.core.models import AuditLog


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_sign_in_lands_on_the_home_page_and_is_audited(personas) -> None:
    client = Client()
    response = sign_in(client, "worker_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    entry = AuditLog.objects.get(action="accounts.login")
    assert entry.actor == personas["worker_a"]
    assert entry.client_address == "10.0.0.7"


def test_wrong_password_shows_a_form_error_and_is_audited(personas) -> None:
    response = sign_in(Client(), "worker_a", "wrong password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    entry = AuditLog.objects.get(action="accounts.login_failed")
    assert entry.object_repr == "worker_a"
    assert "wrong" not in str(entry.after) + str(entry.before)


def test_five_failures_lock_the_account_from_that_address(personas) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, "clerk", "guess")
    locked = sign_in(client, "clerk", PASSWORD)
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same account from another address, and another account from this one, still work.
    assert sign_in(Client(), "clerk", PASSWORD, address="10.0.0.8").status_code == 302
    assert sign_in(Client(), "leader", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2() -> None:
    from django.conf import settings

    with override_settings(PASSWORD_HASHERS=settings.PASSWORD_HASHERS):
        pass
    from civicgrid import settings as project_settings

    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert make_password("a long passphrase").startswith("argon2$")


def test_sign_out_needs_a_post(client_for) -> None:
    client = client_for("leader")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_forms_are_csrf_protected(personas) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "leader", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
