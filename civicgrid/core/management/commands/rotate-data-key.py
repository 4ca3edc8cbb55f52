"""``civicgrid rotate-data-key``: re-encrypt every encrypted value under a new data key, online.

With the demo's key file (``var/keys.json``) the command creates the new key itself and puts it
first in the keyring; with ``CIVICGRID_DATA_KEYS`` the operator puts the new key first in the
environment of every process, restarts them (they still read old values: the old key stays
listed), and then runs this command. Rows are re-encrypted in batches, each with a conditional
UPDATE (``WHERE value = old value``): a row someone changed meanwhile is already under the new key
and is left alone. ``--retire`` then drops old keys from the key file once nothing uses them.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from civicgrid.core import privacy

# (model label, encrypted field, context): every encrypted column in the project.
# A test checks that every BinaryField of the project is listed here.
ENCRYPTED_FIELDS = [
    ("registry.Person", "id_number_enc", b"registry.person.id_number"),
    ("events.Event", "contact_phone", b"events.event.contact_phone"),
    ("govservices.Application", "applicant_id_enc", b"govservices.application.applicant_id"),
    (
        "govservices.Application",
        "applicant_phone_enc",
        b"govservices.application.applicant_phone",
    ),
    (
        "govservices.Application",
        "form_sensitive",
        b"govservices.application.form_sensitive",
    ),
]


class Command(BaseCommand):
    help = "Re-encrypt personal data under a new data key without downtime."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument(
            "--no-new-key",
            action="store_true",
            help="key file: re-encrypt under the current first key only",
        )
        parser.add_argument(
            "--retire",
            action="store_true",
            help="key file: afterwards drop keys that no value uses",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from_env = privacy.keys_from_environment()
        if not from_env and not options["no_new_key"]:
            keys, index = privacy.read_keys_file()
            new_id = max(k for k, _ in keys) + 1
            if new_id > 255:
                raise CommandError("key ids are exhausted (1-255); retire old keys first")
            privacy.write_keys_file([(new_id, privacy.new_key()), *keys], index)
            self.stdout.write(f"new data key {new_id} is now current (older keys kept)")
        keyring = privacy.reload_keyring()
        total = 0
        for label, field, context in ENCRYPTED_FIELDS:
            total += self._rotate(label, field, context, keyring, options["batch"])
        self.stdout.write(f"re-encrypted {total} values under key {keyring.current_id}")
        if options["retire"] and not from_env:
            self._retire(keyring)

    def _rotate(
        self, label: str, field: str, context: bytes, keyring: privacy.Keyring, batch: int
    ) -> int:
        from django.apps import apps

        model = apps.get_model(label)
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(field)
        total_rows = model.objects.count()
        last_pk, done, changed = 0, 0, 0
        while True:
            rows = list(
                model.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", field)[:batch]
            )
            if not rows:
                break
            updates = []
            for pk, value in rows:
                if value is None:
                    continue
                blob = bytes(value)
                if privacy.Keyring.key_id_of(blob) != keyring.current_id:
                    plain = keyring.decrypt(blob, context)
                    updates.append((keyring.encrypt(plain, context), pk, blob))
            if updates:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {column} = %s WHERE id = %s AND {column} = %s",  # noqa: S608
                        updates,
                    )
                changed += len(updates)
            last_pk = rows[-1][0]
            done += len(rows)
            sys.stderr.write(f"\r{label}.{field}: {done:,}/{total_rows:,}")
        sys.stderr.write("\n")
        return changed

    def _retire(self, keyring: privacy.Keyring) -> None:
        from django.apps import apps

        used: set[int] = set()
        for label, field, _context in ENCRYPTED_FIELDS:
            model = apps.get_model(label)
            blobs = model.objects.filter(**{f"{field}__isnull": False}).values_list(field)
            for (blob,) in blobs.iterator(chunk_size=5000):
                used.add(privacy.Keyring.key_id_of(bytes(blob)))
        keys, index = privacy.read_keys_file()
        kept = [(kid, key) for kid, key in keys if kid == keyring.current_id or kid in used]
        privacy.write_keys_file(kept, index)
        privacy.reload_keyring()
        dropped = sorted({kid for kid, _ in keys} - {kid for kid, _ in kept})
        self.stdout.write(f"retired keys: {dropped or 'none'}")
