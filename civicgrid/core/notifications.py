"""Notifications: short messages to staff and residents (a case dispatched to you, 督办, rate
your closed report). Shown on the notifications page and as a count in the top bar."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from .models import Notification


def notify(
    recipients: Iterable[Any], text: str, obj: models.Model | None = None, *, url: str = ""
) -> int:
    """Tell each recipient (once, however often they are listed); returns how many were told."""
    unique = {r.pk: r for r in recipients if r is not None}
    Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            text=text[:300],
            url=url,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
        )
        for pk in unique
    )
    return len(unique)


def in_district_language() -> Any:
    """Text the system stores (timeline notes, notifications) is written in the district's
    language, whatever the language of the request or command that caused it."""
    return translation.override(settings.LANGUAGE_CODE)
