"""Moderation of what the public reads: personal numbers masked, abusive words held back.

Identity numbers (18 characters), mobile numbers (11 digits) and landlines with an area code
(0 + 2–3 digits, then 7–8 digits) found anywhere in a text are masked with the project's
:mod:`civicgrid.core.privacy` masks. Words of the abusive-word list (the setting
``CIVICGRID_INQUIRY_ABUSIVE_WORDS``, or :data:`DEFAULT_ABUSIVE_WORDS`) hold a question for the
operator: a plain substring match, deliberately simple and predictable.
"""

from __future__ import annotations

import re

from django.conf import settings

from civicgrid.core.privacy import mask_id_number, mask_phone

DEFAULT_ABUSIVE_WORDS = (
    "傻逼",
    "傻B",
    "操你",
    "他妈的",
    "狗官",
    "去死",
    "王八蛋",
    "混蛋",
    "贱人",
    "废物",
)

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)\(?(0\d{2,3})\)?[- ]?(\d{7,8})(?!\d)")


def mask_personal_numbers(text: str) -> str:
    """``text`` with every identity, mobile and landline number masked."""
    text = _ID.sub(lambda m: mask_id_number(m.group()), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group()[-11:]), text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}-{mask_phone(m.group(2))}", text)


def abusive_words() -> tuple[str, ...]:
    return tuple(getattr(settings, "CIVICGRID_INQUIRY_ABUSIVE_WORDS", DEFAULT_ABUSIVE_WORDS))


def find_abusive(*texts: str) -> list[str]:
    """The listed words that occur in any of ``texts`` (case-insensitive), in list order."""
    joined = "\n".join(texts).casefold()
    return [w for w in abusive_words() if w.casefold() in joined]
