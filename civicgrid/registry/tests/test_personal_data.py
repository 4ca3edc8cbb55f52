"""ID numbers: encrypted at rest, masked everywhere, unmasked only on request and audited."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import call_command
from django.db import connection

from civicgrid.core import privacy
from civicgrid.core.models import AuditLog
from civicgrid.registry.actions.records import decrypt_id_number
from civicgrid.registry.models import ID_CONTEXT, Person
from civicgrid.registry.search import find_by_id_number
from civicgrid.registry.tests.fixtures import GRID_A, id_number

FULL = id_number("19510315", "111")  # 张建国, grid A


def test_id_numbers_are_not_in_the_database_in_clear(registry) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_enc, id_number_index, id_number_masked FROM registry_person"
        )
        rows = cursor.fetchall()
    assert rows
    for enc, index, masked in rows:
        assert FULL.encode() not in bytes(enc)
        assert FULL not in index
        assert "********" in masked
    person = registry.people[GRID_A]
    assert decrypt_id_number(person) == FULL


def test_exact_lookup_goes_through_the_blind_index(registry) -> None:
    assert find_by_id_number(Person.objects.all(), FULL) == registry.people[GRID_A]
    assert find_by_id_number(Person.objects.all(), FULL.lower() + " ") == registry.people[GRID_A]


def test_ciphertext_moved_to_another_column_does_not_decrypt(registry) -> None:
    blob = bytes(registry.people[GRID_A].id_number_enc)
    with pytest.raises(privacy.DecryptionError):
        privacy.get_keyring().decrypt(blob, b"registry.other.field")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(privacy.DecryptionError):
        privacy.get_keyring().decrypt(tampered, ID_CONTEXT)


def test_no_page_or_api_shows_a_full_id_number(registry, client_for) -> None:
    numbers = [decrypt_id_number(p) for p in Person.objects.all()]
    client = client_for("admin")
    urls = [
        "/registry/",
        "/registry/households/",
        "/registry/changes/?status=",
        "/api/registry/people/?limit=100",
        "/api/registry/changes/",
    ]
    for person in Person.objects.all():
        urls += [
            f"/registry/people/{person.pk}/",
            f"/api/registry/people/{person.pk}",
            f"/registry/history/person/{person.pk}/",
            f"/api/registry/history/person/{person.pk}",
            f"/registry/people/{person.pk}/edit/",
        ]
    for household in registry.households.values():
        urls.append(f"/registry/households/{household.pk}/")
    for url in urls:
        body = client.get(url).content.decode()
        for number in numbers:
            assert number not in body, url
            assert number[6:14] not in body or "********" in body, url
    audit_dump = json.dumps(
        list(AuditLog.objects.values("before", "after", "object_repr")), ensure_ascii=False
    )
    assert not any(number in audit_dump for number in numbers)


def test_revealing_is_audited_and_shown_to_the_resident(registry, client_for, personas) -> None:
    person = registry.people[GRID_A]
    person.account = personas["resident"]
    person.save(update_fields=["account"])
    response = client_for("worker_a").post(f"/registry/people/{person.pk}/reveal/")
    assert response.status_code == 200
    assert FULL in response.content.decode()
    entry = AuditLog.objects.get(action="registry.unmask")
    assert entry.actor == personas["worker_a"]
    assert entry.object_id == str(person.pk)
    api = client_for("reviewer").post(
        f"/api/registry/people/{person.pk}/reveal",
        {"purpose": "核对"},
        content_type="application/json",
    )
    assert api.json()["id_number"] == FULL
    page = client_for("resident").get("/registry/me/").content.decode()
    assert personas["worker_a"].display_name in page
    assert personas["reviewer"].display_name in page


def test_roles_without_the_right_cannot_reveal(registry, client_for) -> None:
    person = registry.people[GRID_A]
    for persona in ("leader", "deputy"):
        response = client_for(persona).post(
            f"/api/registry/people/{person.pk}/reveal", {}, content_type="application/json"
        )
        assert response.status_code == 403
    assert not AuditLog.objects.filter(action="registry.unmask").exists()


def test_key_rotation_reencrypts_everything_and_loses_nothing(registry, settings, tmp_path) -> None:
    original = settings.VAR_DIR
    shutil.copy(privacy.keys_file(), tmp_path / "keys.json")  # rotate a copy of the keyring
    settings.VAR_DIR = tmp_path
    privacy.reload_keyring()
    try:
        old_id = privacy.get_keyring().current_id
        before = {p.pk: decrypt_id_number(p) for p in Person.objects.all()}
        call_command("rotate-data-key", "--retire")
        keyring = privacy.get_keyring()
        assert keyring.current_id == old_id + 1
        assert [kid for kid, _ in keyring.keys] == [old_id + 1]  # the old key is retired
        for person in Person.objects.all():
            assert privacy.Keyring.key_id_of(bytes(person.id_number_enc)) == old_id + 1
            assert decrypt_id_number(person) == before[person.pk]
        assert find_by_id_number(Person.objects.all(), FULL) == registry.people[GRID_A]
    finally:
        settings.VAR_DIR = original
        privacy.reload_keyring()
