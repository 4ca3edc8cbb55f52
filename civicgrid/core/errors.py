"""Errors that actions raise and that pages and the API turn into clear messages."""

from __future__ import annotations

from typing import Any


class ActionError(Exception):
    """The request cannot be done as asked (bad input, wrong state, wrong role). HTTP 400."""

    status = 400

    def __init__(self, message: str, *, errors: list[Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class Conflict(ActionError):
    """Someone else changed the record first; reload and try again. HTTP 409."""

    status = 409


class NotAllowed(ActionError):
    """The actor may see the record but may not do this to it. HTTP 403."""

    status = 403


def put_on_form(form: Any, exc: ActionError) -> None:
    """Show an action's error on the page's form: each error that names one of the form's fields
    goes next to that field, and the message goes on top of the form unless it already stands
    next to a field."""
    shown = False
    for error in exc.errors:
        name = error.get("field") if isinstance(error, dict) else None
        if name in form.fields:
            message = error.get("message") or exc.message
            form.add_error(name, message)
            shown = shown or message == exc.message
    if not shown:
        form.add_error(None, exc.message)
