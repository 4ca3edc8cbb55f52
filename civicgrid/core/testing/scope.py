"""The scope harness: proves, for every persona, that no out-of-scope row leaks from any endpoint.

Each app lists its endpoints in ``civicgrid/<app>/tests/scope.py`` as ``ENDPOINTS`` (a list of
:class:`ScopedEndpoint`) and the routes that need no scope as ``UNSCOPED`` (url name → why). The
harness test (``core/tests/test_scope_harness.py``) then checks, for every persona and endpoint:

* the list returns exactly the rows the endpoint's *oracle* says the persona may see;
* the detail URL of every row answers 200 if visible and 404 (not 403) if not;
* a guessed id that does not exist answers 404 like an out-of-scope one;

and that every URL the project serves is listed either as scoped or as unscoped with a reason, so a
new module cannot add an endpoint without adding it here.

The oracle is written independently of ``civicgrid.core.scope``: it states in plain Python who may
see a row, so the harness checks the chokepoint instead of repeating it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class ScopedEndpoint:
    """One list endpoint and/or detail URL over ``model``, with who may see which row."""

    name: str
    model: type[models.Model]
    oracle: Callable[[Any, Any], bool]  # (row, user) -> may the user see the row?
    routes: tuple[str, ...]  # url names covered ("api:region_list", "regions:detail")
    list_url: str | None = None
    item_key: Callable[[dict[str, Any]], Any] = lambda item: item["id"]
    row_key: Callable[[Any], Any] = lambda row: row.pk
    detail_urls: tuple[Callable[[Any], str], ...] = ()
    missing_url: str | None = None  # a detail URL for a row that does not exist
    rows: Callable[[], Iterable[Any]] | None = None  # default: every row of the model
    # What a visible detail answers for this user (a page a role may not use answers 403).
    visible_status: Callable[[Any], int] = lambda user: 200
    # Writes addressed to a row: for out-of-scope rows they must answer 404 and change nothing.
    post_urls: tuple[tuple[Callable[[Any], str], dict[str, Any]], ...] = ()
    # "json" (paginated items/count), "json-list" (extra["items"](body)), "html" (data-key="…")
    list_format: str = "json"
    fixtures: tuple[str, ...] = ()  # pytest fixtures that create the rows
    extra: dict[str, Any] = field(default_factory=dict)

    def all_rows(self) -> list[Any]:
        return list(self.rows() if self.rows else self.model._default_manager.all())


def collect() -> tuple[list[ScopedEndpoint], dict[str, str]]:
    """Every app's declared endpoints and unscoped routes."""
    endpoints: list[ScopedEndpoint] = []
    unscoped: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("civicgrid."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.scope")
        except ModuleNotFoundError:
            continue
        endpoints.extend(getattr(module, "ENDPOINTS", []))
        unscoped.update(getattr(module, "UNSCOPED", {}))
    return endpoints, unscoped


def served_route_names() -> set[str]:
    """The names of every URL pattern the project serves (namespaced like ``api:region_list``)."""
    names: set[str] = set()

    def walk(patterns: Iterable[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                names.add(f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def list_items(client: Any, url: str) -> list[dict[str, Any]]:
    """Every item of a paginated list endpoint, following ``offset`` to the end."""
    items: list[dict[str, Any]] = []
    sep = "&" if "?" in url else "?"
    offset = 0
    while True:
        response = client.get(f"{url}{sep}limit=100&offset={offset}")
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        body = response.json()
        page = body["items"]
        items.extend(page)
        offset += len(page)
        if not page or offset >= body["count"]:
            return items
