"""Explicit state machines shared by change requests, events and applications.

A :class:`Workflow` is a table of allowed transitions (from, to, roles). :meth:`Workflow.move`
checks the transition and the actor's role, then updates the row *only if it is still in the state
the actor saw* — two people acting at once: one wins, the other gets :class:`Conflict` — and records
the step on the object's timeline, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ActionError, Conflict, NotAllowed
from .models import TimelineEntry


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]


class Workflow:
    """Allowed transitions of ``field`` on a model, by role."""

    def __init__(
        self, name: str, field: str, transitions: Iterable[tuple[str, str, Iterable[str]]]
    ):
        self.name = name
        self.field = field
        self.transitions = {
            (source, target): Transition(source, target, frozenset(roles))
            for source, target, roles in transitions
        }

    def allowed(self, state: str, role: str) -> list[str]:
        """Targets reachable from ``state`` by ``role`` (for showing the right buttons)."""
        return [
            t.target for t in self.transitions.values() if t.source == state and role in t.roles
        ]

    def check(self, obj: models.Model, target: str, actor: Any) -> Transition:
        state = getattr(obj, self.field)
        transition = self.transitions.get((state, target))
        if transition is None:
            raise ActionError(
                _("This case cannot go from “%(source)s” to “%(target)s”.")
                % {
                    "source": _label(obj, self.field, state),
                    "target": _label(obj, self.field, target),
                }
            )
        if getattr(actor, "role", None) not in transition.roles:
            raise NotAllowed(_("Your role may not make this step."))
        return transition

    def move(
        self,
        obj: models.Model,
        target: str,
        actor: Any,
        *,
        note: str = "",
        attachments: list[Any] | None = None,
        updates: dict[str, Any] | None = None,
    ) -> models.Model:
        """Take ``obj`` to ``target``; ``updates`` are saved with the state in the same UPDATE.

        Raises ActionError (not allowed from here), NotAllowed (wrong role) or Conflict (someone
        else moved it first). Must be called inside the caller's ``transaction.atomic`` when the
        caller does more work that must commit with the step.
        """
        transition = self.check(obj, target, actor)
        values = {self.field: target, **(updates or {})}
        with transaction.atomic():
            changed = (
                type(obj)
                ._default_manager.filter(pk=obj.pk, **{self.field: transition.source})
                .update(**values)
            )
            if not changed:
                raise Conflict(
                    _("Someone else has just acted on this case. Reload it to see what changed.")
                )
            for name, value in values.items():
                setattr(obj, name, value)
            TimelineEntry.objects.create(
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                from_state=transition.source,
                to_state=target,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                at=timezone.now(),
                note=note,
                attachments=attachments or [],
            )
        return obj


def record_note(
    obj: models.Model,
    actor: Any,
    note: str,
    attachments: list[Any] | None = None,
    *,
    opening: bool = False,
) -> TimelineEntry:
    """A timeline entry that is not a transition: the case's first entry (``opening``: from
    nothing to its initial state) or a note on its current state (an escalation, a reminder)."""
    state = getattr(obj, "state", "")
    return TimelineEntry.objects.create(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        from_state="" if opening else state,
        to_state=state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        note=note,
        attachments=attachments or [],
    )


def _label(obj: models.Model, field: str, value: str) -> str:
    choices = dict(obj._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def timeline(obj: models.Model) -> models.QuerySet[TimelineEntry]:
    return TimelineEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
