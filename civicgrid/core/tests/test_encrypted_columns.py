"""Every encrypted column is known to key rotation: a column it missed would keep an old key
alive, and retiring that key would make the column unreadable."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.db import models


def test_key_rotation_lists_every_binary_column() -> None:
    command = importlib.import_module("civicgrid.core.management.commands.rotate-data-key")
    listed = {(label.lower(), field) for label, field, _context in command.ENCRYPTED_FIELDS}
    columns = {
        (model._meta.label_lower, f.name)
        for model in apps.get_models()
        if model.__module__.startswith("civicgrid.")
        for f in model._meta.get_fields()
        if isinstance(f, models.BinaryField)
    }
    assert columns == listed
