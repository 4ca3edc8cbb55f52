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
