"""Every persona × every scoped endpoint: lists, details and guessed ids leak nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from civicgrid.core.audit import audit
from civicgrid.core.testing.scope import collect, list_items, served_route_names

ENDPOINTS, UNSCOPED = collect()
PERSONAS = [
    "admin",
    "leader",
    "reviewer",
    "clerk",
    "approver",
    "other_approver",
    "town_staff",
    "village_staff",
    "worker_a",
    "worker_b",
    "deputy",
    "resident",
    "outsider",
]


def test_every_served_route_is_in_the_harness() -> None:
    covered = {route for e in ENDPOINTS for route in e.routes} | set(UNSCOPED)
    missing = sorted(served_route_names() - covered)
    assert not missing, f"add these routes to an app's tests/scope.py: {missing}"


def test_harness_names_no_route_that_does_not_exist() -> None:
    covered = {route for e in ENDPOINTS for route in e.routes} | set(UNSCOPED)
    assert not covered - served_route_names()


@pytest.fixture
def seeded(personas: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    # Give the audit endpoint something to hide.
    audit(personas["admin"], "test.seed", personas["worker_a"])
    for name in getattr(request, "param", ()):
        request.getfixturevalue(name)
    return personas


def _listed(endpoint: Any, client: Any) -> list[Any]:
    if endpoint.list_format == "json":
        return [endpoint.item_key(i) for i in list_items(client, endpoint.list_url)]
    response = client.get(endpoint.list_url)
    assert response.status_code == 200, (endpoint.list_url, response.status_code)
    if endpoint.list_format == "html":
        return re.findall(r'data-key="([^"]+)"', response.content.decode())
    return [endpoint.item_key(i) for i in endpoint.extra["items"](response.json())]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("endpoint", "seeded"),
    [(e, e.fixtures) for e in ENDPOINTS],
    ids=[e.name for e in ENDPOINTS],
    indirect=["seeded"],
)
def test_persona_sees_exactly_its_scope(
    endpoint: Any, persona: str, seeded: dict[str, Any], client_for: Any
) -> None:
    user = seeded[persona]
    client = client_for(persona)
    rows = endpoint.all_rows()
    expected = {endpoint.row_key(r) for r in rows if endpoint.oracle(r, user)}

    if endpoint.list_url:
        listed = _listed(endpoint, client)
        assert len(listed) == len(set(listed)), "a row is listed twice"
        assert set(listed) == expected, (
            f"{persona} on {endpoint.list_url}: leaked {set(listed) - expected}, "
            f"missing {expected - set(listed)}"
        )

    for detail in endpoint.detail_urls:
        for row in rows:
            url = detail(row)
            status = client.get(url).status_code
            want = endpoint.visible_status(user) if endpoint.row_key(row) in expected else 404
            assert status == want, f"{persona} GET {url}: {status}, expected {want}"

    for post_url, body in endpoint.post_urls:
        for row in rows:
            if endpoint.row_key(row) in expected:
                continue
            url = post_url(row)
            status = client.post(url, body, content_type="application/json").status_code
            assert status == 404, f"{persona} POST {url} (out of scope): {status}, expected 404"

    if endpoint.missing_url:
        assert client.get(endpoint.missing_url).status_code == 404


@pytest.mark.parametrize(
    "endpoint",
    [e for e in ENDPOINTS if e.list_url and e.list_url.startswith("/api/")],
    ids=lambda e: e.name,
)
def test_anonymous_gets_nothing(endpoint: Any, personas: dict[str, Any], client: Any) -> None:
    response = client.get(endpoint.list_url)
    assert response.status_code == 401
    assert response.json()["detail"]
