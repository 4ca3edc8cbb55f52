"""Run steps at the same moment in threads, for the concurrency tests (PostgreSQL only).

``race(*steps)`` starts one thread per step, holds them all at a barrier, releases them together
and returns one outcome per step, in the order of the steps::

    accept, refuse = race(
        lambda: accept_application(clerk, fresh()),
        lambda: refuse_application(clerk, fresh(), reason="重复申请"),
    )
    assert sorted([accept, refuse]) == ["conflict", "won"]

The outcome of a step is

* ``"won"`` if it returned;
* ``"conflict"`` if it raised :class:`~civicgrid.core.errors.Conflict`;
* ``"refused: <message>"`` if it raised any other :class:`~civicgrid.core.errors.ActionError`;
* ``"error: <repr>"`` for any other exception, so that the caller's assertion shows it.

``before`` prepares each thread before the barrier: it is called once in every thread (in that
thread's own connection) and its result is passed to the step. Use it to load the row each racer
acts on, so that all racers start from the same state and only the writes race::

    register, reject = race(
        lambda e: register_event(reviewer, e),
        lambda e: reject_event(reviewer, e, reason="重复"),
        before=lambda: Event.objects.get(pk=event.pk),
    )

Each thread runs in the caller's active language (a new thread would otherwise start in the
default language, Chinese) and closes its database connection at the end. The test must use
``django_db(transaction=True)``: the threads' connections only see committed rows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import translation

from civicgrid.core.errors import ActionError, Conflict

TIMEOUT = 30.0  # seconds for all the steps together


def race(
    *steps: Callable[..., Any],
    before: Callable[[], Any] | None = None,
    timeout: float = TIMEOUT,
) -> list[str]:
    """Run ``steps`` at the same moment, each in its own thread and database connection, and
    return their outcomes in the order of the steps (see the module's documentation).

    With ``before``, each step is called with the result of ``before()``, run in the step's
    thread before the barrier; without it, each step is called with no argument. Raises
    AssertionError if a step is still running after ``timeout`` seconds."""
    if not steps:
        raise ValueError("race() needs at least one step")
    language = translation.get_language()
    barrier = threading.Barrier(len(steps))
    outcomes = ["error: the step ended without an outcome"] * len(steps)

    def run(index: int, step: Callable[..., Any]) -> None:
        try:
            with translation.override(language):
                try:
                    args = () if before is None else (before(),)
                except BaseException:
                    barrier.abort()  # release the others instead of leaving them waiting
                    raise
                barrier.wait(timeout)
                step(*args)
            outcome = "won"
        except Conflict:
            outcome = "conflict"
        except ActionError as exc:
            outcome = f"refused: {exc.message}"
        except Exception as exc:  # shown by the caller's assertion
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        outcomes[index] = outcome

    threads = [
        threading.Thread(target=run, args=(i, step), name=f"race-{i}", daemon=True)
        for i, step in enumerate(steps)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    running = [i for i, thread in enumerate(threads) if thread.is_alive()]
    if running:
        raise AssertionError(f"race: step(s) {running} still running after {timeout:g}s")
    return outcomes
