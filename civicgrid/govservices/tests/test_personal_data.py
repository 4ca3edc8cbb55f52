"""Applicants' identity numbers and phones are stored only encrypted, survive key rotation, and
are shown masked unless a staff member reveals them (audited)."""

from __future__ import annotations

import shutil
from typing import Any

from django.core.management import call_command

from civicgrid.core import privacy
from civicgrid.govservices.actions.applications import reveal_form
from civicgrid.govservices.models import Application

from .fixtures import APPLICANT_PHONE


def test_nothing_personal_is_stored_in_clear(applications: list[Any]) -> None:
    bundle = Application.objects.get(pk=applications[0].pk)
    stored = str(bundle.form_data) + bundle.applicant_id_masked + bundle.applicant_phone_masked
    assert APPLICANT_PHONE not in stored
    assert "*" in bundle.form_data["other_parent_id"]


def test_key_rotation_keeps_applications_readable(
    applications: list[Any], personas: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    original = settings.VAR_DIR
    shutil.copy(privacy.keys_file(), tmp_path / "keys.json")
    settings.VAR_DIR = tmp_path
    privacy.reload_keyring()
    try:
        before = {a.pk: reveal_form(personas["admin"], a) for a in Application.objects.all()}
        call_command("rotate-data-key", "--retire")
        current = privacy.get_keyring().current_id
        for application in Application.objects.all():
            assert privacy.Keyring.key_id_of(bytes(application.applicant_id_enc)) == current
            assert reveal_form(personas["admin"], application) == before[application.pk]
    finally:
        settings.VAR_DIR = original
        privacy.reload_keyring()
