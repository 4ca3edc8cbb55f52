"""Situations (情): a grid worker's visit log entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.core.audit import audit
from civicgrid.core.errors import NotAllowed

from ..models import Household, VisitLog
from .changes import COLLECTORS


def record_visit(
    actor: Any,
    household: Household,
    *,
    visited_on: date,
    findings: str,
    needs: str = "",
    follow_up: str = "",
) -> VisitLog:
    """Log a visit to ``household`` (already fetched through the scope chokepoint). Visit logs
    are the collector's own notes, so they are recorded at once, not reviewed."""
    if getattr(actor, "role", None) not in COLLECTORS:
        raise NotAllowed(_("Your role does not collect registry data."))
    with transaction.atomic():
        visit = VisitLog.objects.create(
            household=household,
            grid_id=household.grid_id,
            worker=actor,
            visited_on=visited_on,
            findings=findings,
            needs=needs,
            follow_up=follow_up,
        )
        audit(actor, "registry.visit", visit, after={"household": household.number})
    return visit
