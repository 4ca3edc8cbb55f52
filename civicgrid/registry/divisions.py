"""The division-code table as the ID-number rule reads it (see ``identifiers`` and ``areacodes``).

The table lives in the database (``AreaCode``) so an administrator can update it
(``civicgrid areacodes import FILE``) when divisions change; it is seeded from python-stdnum's
table by a data migration. The checker is built once per process and rebuilt when the table's
row count or newest id changes (checked at most every minute).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .areacodes import AreaCode as AreaCodeRow
from .areacodes import in_use

RECHECK_SECONDS = 60.0
_lock = threading.Lock()
_cache: tuple[tuple[int, int], Callable[[str, int, int], bool]] | None = None
_checked_at = 0.0


def _fingerprint() -> tuple[int, int]:
    from django.db.models import Count, Max

    from .models import AreaCode

    agg = AreaCode.objects.aggregate(n=Count("id"), last=Max("id"))
    return agg["n"] or 0, agg["last"] or 0


def area_checker() -> Callable[[str, int, int], bool]:
    """``(code, from_year, to_year) -> bool``: was the code in use at some time in that span?"""
    global _cache, _checked_at
    now = time.monotonic()
    if _cache is not None and now - _checked_at < RECHECK_SECONDS:
        return _cache[1]
    from .models import AreaCode

    with _lock:
        fingerprint = _fingerprint()
        if _cache is None or _cache[0] != fingerprint:
            rows = [
                AreaCodeRow(code, name, province, valid_from, valid_to)
                for code, name, province, valid_from, valid_to in AreaCode.objects.values_list(
                    "code", "name", "province", "valid_from", "valid_to"
                )
            ]
            _cache = (fingerprint, in_use(rows))
        _checked_at = now
        return _cache[1]


def forget() -> None:
    global _cache
    with _lock:
        _cache = None
