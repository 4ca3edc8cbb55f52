from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def civicgrid(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)

    def unread_notifications() -> int:
        # Called by the template only where the top bar shows it (one indexed COUNT).
        from .models import Notification

        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"CIVICGRID": settings.CIVICGRID, "unread_notifications": unread_notifications}
