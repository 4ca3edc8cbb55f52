"""A deputy checks their stored ballot with the confirmation code: by POST only (the code never
goes into a URL), signed in, and only on a ballot of their own session; anyone else gets 404."""

from __future__ import annotations

import re
from typing import Any

import pytest

from civicgrid.accounts.models import User
from civicgrid.ballots import actions
from civicgrid.core.errors import NotAllowed

from .fixtures import ballots_marks


@pytest.fixture
def voted(ballots_world: Any, client_for: Any) -> dict[str, Any]:
    """The persona ``deputy`` has voted on the open ballot through the page."""
    ballot = ballots_world["open"]
    marks = ballots_marks(ballot, "for", "against", "abstain", "for")
    deputy = client_for("deputy")
    page = deputy.post(f"/ballots/{ballot.pk}/vote/", {f"c{k}": v for k, v in marks.items()})
    code = re.search(r'id="confirmation-code">([0-9A-F]{16})<', page.content.decode()).group(1)
    return {"ballot": ballot, "code": code, "page": page, "client": deputy}


def test_the_voted_page_puts_the_code_in_a_post_form_not_a_link(voted: dict[str, Any]) -> None:
    body = voted["page"].content.decode()
    assert f"code={voted['code']}" not in body
    form = re.search(r'<form method="post" action="/ballots/\d+/verify/"[^>]*>.*?</form>', body)
    assert form and f'name="code" value="{voted["code"]}"' in form.group(0)
    assert "no-store" in voted["page"]["Cache-Control"]


def test_the_deputy_checks_the_stored_ballot_by_post(voted: dict[str, Any]) -> None:
    url = f"/ballots/{voted['ballot'].pk}/verify/"
    page = voted["client"].post(url, {"code": voted["code"].lower()})
    body = page.content.decode()
    assert page.status_code == 200 and 'id="stored"' in body
    assert body.count("<tr><td>") == 4
    assert "no-store" in page["Cache-Control"]
    wrong = voted["client"].post(url, {"code": "0000000000000000"}).content.decode()
    assert "No stored ballot has this code." in wrong and 'id="stored"' not in wrong


def test_a_code_in_the_query_string_is_ignored(voted: dict[str, Any]) -> None:
    url = f"/ballots/{voted['ballot'].pk}/verify/?code={voted['code']}"
    body = voted["client"].get(url).content.decode()
    assert 'id="stored"' not in body and "No stored ballot has this code." not in body
    assert f'value="{voted["code"]}"' not in body and 'method="post" class="stacked card"' in body


def test_verification_needs_a_signed_in_deputy_of_the_session(
    voted: dict[str, Any], ballots_world: Any, client: Any, client_for: Any
) -> None:
    url = f"/ballots/{voted['ballot'].pk}/verify/"
    anonymous = client.post(url, {"code": voted["code"]})
    assert anonymous.status_code == 302 and "/login" in anonymous.url
    assert "?code" not in anonymous.url and voted["code"] not in anonymous.url
    # In scope but not on the roster: the administrator, a leader of the district.
    for name in ("admin", "leader"):
        assert client_for(name).post(url, {"code": voted["code"]}).status_code == 404
        assert client_for(name).get(url).status_code == 404
    # A deputy of another session (the town's dep5): 404, their own town ballot is checkable.
    client.force_login(User.objects.get(username="dep5"))
    assert client.post(url, {"code": voted["code"]}).status_code == 404
    assert client.get(f"/ballots/{ballots_world['town'].pk}/verify/").status_code == 200


def test_the_action_refuses_anyone_off_the_roster(
    voted: dict[str, Any], personas: dict[str, Any]
) -> None:
    with pytest.raises(NotAllowed, match="registered deputies of this session"):
        actions.verify_code(personas["admin"], voted["ballot"], voted["code"])
    assert actions.verify_code(personas["deputy"], voted["ballot"], voted["code"]) is not None
