"""Translatable messages for modules that must work without Django being set up (the ID-number
and division-code validators are also used by scripts and the generator)."""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps
from django.utils.translation import gettext


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it; makemessages extracts this name.

    Django's own ``gettext_noop`` reads the settings, which these modules must not need.
    """
    return message


def translated(source: str, params: Mapping[str, object]) -> str:
    """``source`` in the active language, filled with ``params`` when there are any.

    Outside a set-up Django project (scripts, bare imports) there is no catalogue to consult and
    asking for one would raise, so the English source is used there.
    """
    text = gettext(source) if apps.ready else source
    return text % params if params else text
