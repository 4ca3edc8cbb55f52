"""The ratings API."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from ninja import Router

router = Router(tags=["ratings"])
