from __future__ import annotations

from django import template

from civicgrid.core import privacy

register = template.Library()


@register.filter
def mask_phone(value: str | None) -> str:
    return privacy.mask_phone(value) if value else "—"


@register.filter
def mask_address(value: str | None) -> str:
    return privacy.mask_address(value) if value else "—"
