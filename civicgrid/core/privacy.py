"""Personal data protection: SM4-GCM encryption at rest, keyed blind indexes, masking.

Keys (never in the database):

* ``CIVICGRID_DATA_KEYS`` — the data keyring, ``"<id>:<base64 16-byte key>,<id>:<key>,…"``, current
  key first. Older keys stay listed until ``civicgrid rotate-data-key`` has re-encrypted every value
  with the current one, so reads never fail during a rotation.
* ``CIVICGRID_INDEX_KEY`` — base64 key of the HMAC-SHA256 blind index used for exact lookups
  (``WHERE id_number_index = HMAC(key, value)``). It is independent of the data keys and is not
  rotated by ``rotate-data-key``: rotating it means recomputing every index value.

Without them (the demo), a keyring is generated once into ``var/keys.json`` (mode 0600).

Ciphertext layout: ``0x01 | key id (1 byte) | nonce (12) | ciphertext | tag (16)``. The
*context* (e.g. ``b"registry.person.id_number"``) is authenticated as associated data, so a value
copied into another column does not decrypt.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """A value could not be decrypted: unknown key id, tampered data or wrong context."""


@dataclass(frozen=True)
class Keyring:
    """Data keys by id (the first is current) and the blind-index key."""

    keys: tuple[tuple[int, bytes], ...]
    index_key: bytes

    def __post_init__(self) -> None:
        if not self.keys:
            raise ImproperlyConfigured("The data keyring is empty.")
        for key_id, key in self.keys:
            if not 0 < key_id < 256 or len(key) != 16:
                raise ImproperlyConfigured("Data keys are 16 bytes (SM4) with ids 1-255.")
        if len(self.index_key) < 16:
            raise ImproperlyConfigured("The blind-index key must be at least 16 bytes.")

    @property
    def current_id(self) -> int:
        return self.keys[0][0]

    def _key(self, key_id: int) -> bytes:
        for kid, key in self.keys:
            if kid == key_id:
                return key
        raise DecryptionError(f"no data key with id {key_id} in the keyring")

    def encrypt(self, plaintext: str, context: bytes) -> bytes:
        key_id, key = self.keys[0]
        nonce = os.urandom(NONCE_BYTES)
        enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        enc.authenticate_additional_data(context)
        body = enc.update(plaintext.encode("utf-8")) + enc.finalize()
        return bytes((FORMAT_VERSION, key_id)) + nonce + body + enc.tag

    def decrypt(self, blob: bytes, context: bytes) -> str:
        blob = bytes(blob)
        if len(blob) < 2 + NONCE_BYTES + TAG_BYTES or blob[0] != FORMAT_VERSION:
            raise DecryptionError("not a CivicGrid ciphertext")
        key = self._key(blob[1])
        nonce = blob[2 : 2 + NONCE_BYTES]
        body, tag = blob[2 + NONCE_BYTES : -TAG_BYTES], blob[-TAG_BYTES:]
        dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        dec.authenticate_additional_data(context)
        try:
            return (dec.update(body) + dec.finalize()).decode("utf-8")
        except InvalidTag as exc:
            raise DecryptionError("the ciphertext or its context was altered") from exc

    @staticmethod
    def key_id_of(blob: bytes) -> int:
        return bytes(blob[:2])[1]

    def blind_index(self, value: str, context: bytes) -> str:
        """Hex HMAC-SHA256 (128 bits) of ``value`` under the index key, separated by context."""
        message = context + b"\x00" + value.encode("utf-8")
        return hmac.digest(self.index_key, message, "sha256")[:16].hex()


def _b64(value: str) -> bytes:
    return base64.b64decode(value.encode("ascii"), validate=True)


def parse_keyring(data_keys: str, index_key: str) -> Keyring:
    """Read the environment's form: ``"2:<b64>,1:<b64>"`` and a base64 index key."""
    keys = []
    for part in data_keys.split(","):
        key_id, _, key = part.strip().partition(":")
        if not key_id.isdigit() or not key:
            raise ImproperlyConfigured("CIVICGRID_DATA_KEYS is '<id>:<base64 key>,…'")
        keys.append((int(key_id), _b64(key)))
    return Keyring(tuple(keys), _b64(index_key))


def keys_file() -> Path:
    return Path(settings.VAR_DIR) / "keys.json"


def new_key(size: int = 16) -> str:
    return base64.b64encode(secrets.token_bytes(size)).decode("ascii")


def write_keys_file(keys: list[tuple[int, str]], index_key: str) -> None:
    path = keys_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(
            {
                "data_keys": [{"id": kid, "key": key} for kid, key in keys],
                "index_key": index_key,
            },
            indent=2,
        )
    )
    tmp.chmod(0o600)
    tmp.replace(path)


def read_keys_file() -> tuple[list[tuple[int, str]], str]:
    data = json.loads(keys_file().read_text())
    return [(k["id"], k["key"]) for k in data["data_keys"]], data["index_key"]


_lock = threading.Lock()
_keyring: Keyring | None = None


def keys_from_environment() -> bool:
    return bool(os.environ.get("CIVICGRID_DATA_KEYS"))


def get_keyring() -> Keyring:
    """The process's keyring: from the environment, else ``var/keys.json`` (created if absent)."""
    global _keyring
    if _keyring is not None:
        return _keyring
    with _lock:
        if _keyring is None:
            if keys_from_environment():
                index = os.environ.get("CIVICGRID_INDEX_KEY")
                if not index:
                    raise ImproperlyConfigured(
                        "CIVICGRID_DATA_KEYS is set without CIVICGRID_INDEX_KEY"
                    )
                _keyring = parse_keyring(os.environ["CIVICGRID_DATA_KEYS"], index)
            else:
                if not keys_file().exists():
                    write_keys_file([(1, new_key())], new_key(32))
                keys, index = read_keys_file()
                _keyring = parse_keyring(",".join(f"{i}:{k}" for i, k in keys), index)
        return _keyring


def reload_keyring() -> Keyring:
    global _keyring
    with _lock:
        _keyring = None
    return get_keyring()


# --- masking ----------------------------------------------------------------------------------


def mask_id_number(number: str) -> str:
    """``430212199001011234`` → ``430212********1234`` (area code and last four kept)."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; other lengths keep at most the last four."""
    digits = phone.strip()
    if len(digits) == 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_address(address: str, keep: int = 6) -> str:
    """Keep the first ``keep`` characters (town and village), hide the house number."""
    if len(address) <= keep:
        return address
    return address[:keep] + "****"
