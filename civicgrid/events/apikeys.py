"""Open311 API keys: create, revoke, look up and mark as used.

A key is ``secrets.token_urlsafe(32)``; only its SHA-256 digest and its first characters (to tell
keys apart in a listing) are stored, so the key itself is shown once, when it is created. Creating
and revoking are audit-logged; a revoked key is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError

from .models import ApiKey

PREFIX_LENGTH = 8


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_key(name: str) -> tuple[ApiKey, str]:
    """Create a key called ``name`` for an Open311 client; returns the row and the key itself,
    which is stored nowhere else. A name already used (even by a revoked key) is refused."""
    name = name.strip()
    if not name:
        raise ActionError(_("Give the key a name."), errors=[{"field": "name"}])
    if len(name) > ApiKey._meta.get_field("name").max_length:
        raise ActionError(_("That name is too long."), errors=[{"field": "name"}])
    raw = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            key = ApiKey.objects.create(
                name=name, prefix=raw[:PREFIX_LENGTH], digest=digest_of(raw)
            )
            audit(
                None, "events.open311_key_create", key, after={"name": name, "prefix": key.prefix}
            )
    except IntegrityError as exc:
        raise ActionError(
            _("An API key called “%(name)s” already exists.") % {"name": name},
            errors=[{"field": "name"}],
        ) from exc
    return key, raw


def revoke_api_key(name: str) -> ApiKey:
    """Revoke the key called ``name``: from now on it is refused. Revoking twice is an error, so
    the operator learns that the key was already dead."""
    key = ApiKey.objects.filter(name=name.strip()).first()
    if key is None:
        raise ActionError(_("No API key is called “%(name)s”.") % {"name": name})
    now = timezone.now()
    with transaction.atomic():
        revoked = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now)
        if not revoked:
            raise ActionError(_("The API key “%(name)s” is already revoked.") % {"name": key.name})
        key.revoked_at = now
        audit(None, "events.open311_key_revoke", key, after={"revoked_at": now.isoformat()})
    return key


def key_for(raw: str) -> ApiKey | None:
    """The live key whose digest matches ``raw``, or None (unknown, empty or revoked)."""
    raw = raw.strip()
    if not raw:
        return None
    digest = digest_of(raw)
    key = ApiKey.objects.filter(digest=digest, revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.digest, digest):
        return None
    return key


def record_use(key: ApiKey) -> None:
    """Note when the key was last used (one UPDATE; not audited: it is not a change of rights)."""
    key.last_used_at = timezone.now()
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=key.last_used_at)
