"""Open311 GeoReport v2 at /open311/v2/, checked against the spec in JSON and XML: the service
list and definitions, a client's round trip (POST, then GET by id and by token), the filters of
GET requests, errors in the spec's format, idempotent retries, no personal data in public output,
and the ``open311-key`` command."""

from __future__ import annotations

import io
import json
import urllib.request
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.events.actions import Report, register_event, reject_event, report_event
from civicgrid.events.apikeys import create_api_key, revoke_api_key
from civicgrid.events.models import ApiKey, Category, Event, Source
from civicgrid.regions.models import Region

from .fixtures import POINT_A

V2 = "/open311/v2"
FORMATS = ["json", "xml"]
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


# --- helpers -----------------------------------------------------------------------------------
def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 (our own server's output)


def rows(response: Any, fmt: str, root: str, item: str) -> list[dict[str, Any]]:
    """The list a response carries, checking the content type and, in XML, the element names."""
    assert response["Content-Type"] == f"application/{fmt}; charset=utf-8"
    if fmt == "json":
        body = json.loads(response.content.decode("utf-8"))
        assert isinstance(body, list)
        return body
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    tree = parse_xml(response.content)
    assert tree.tag == root
    assert all(child.tag == item for child in tree)
    return [{field.tag: field.text or "" for field in child} for child in tree]


def requests_of(response: Any, fmt: str) -> list[dict[str, Any]]:
    return rows(response, fmt, "service_requests", "request")


def assert_error(response: Any, fmt: str, status: int, text: str = "") -> None:
    """An error in the spec's format: a list of {code, description} with the HTTP status."""
    assert response.status_code == status, response.content
    errors = rows(response, fmt, "errors", "error")
    assert len(errors) == 1
    assert str(errors[0]["code"]) == str(status)
    assert text in errors[0]["description"]
    if fmt == "xml":
        assert [e.tag for e in parse_xml(response.content)[0]] == ["code", "description"]


def post(client: Client, fmt: str, data: dict[str, Any], **headers: str) -> Any:
    """POST form-encoded, as the spec says clients do."""
    return client.post(
        f"{V2}/requests.{fmt}",
        urlencode(data),
        content_type="application/x-www-form-urlencoded; charset=utf-8",
        headers=headers,
    )


def report_data(key: str, **extra: Any) -> dict[str, Any]:
    return {
        "api_key": key,
        "service_code": "0101",
        "lat": POINT_A[1],
        "long": POINT_A[0],
        "description": "垃圾池满了，三天没人清",
        **extra,
    }


def ids(response: Any, fmt: str) -> list[str]:
    return [r["service_request_id"] for r in requests_of(response, fmt)]


@pytest.fixture
def api_key(db: Any) -> str:
    _key, raw = create_api_key("test-client")
    return raw


# --- services ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_active_leaf_categories_grouped_by_parent(
    client: Client, categories: dict[str, Category], fmt: str
) -> None:
    Category.objects.create(code="0302", name="停用类别", parent=categories["safety"], active=False)
    categories["garbage"].description = "垃圾池、垃圾桶满溢"
    categories["garbage"].keywords = "垃圾,环卫"
    categories["garbage"].save()

    response = client.get(f"{V2}/services.{fmt}")

    assert response.status_code == 200
    services = rows(response, fmt, "services", "service")
    assert [s["service_code"] for s in services] == ["0101", "0201", "0301"]
    garbage = services[0]
    assert garbage == {
        "service_code": "0101",
        "service_name": "垃圾池满溢",
        "description": "垃圾池、垃圾桶满溢",
        "metadata": False if fmt == "json" else "false",
        "type": "realtime",
        "keywords": "垃圾,环卫",
        "group": "市容环境",
    }
    assert [s["group"] for s in services] == ["市容环境", "矛盾纠纷", "安全隐患"]
    if fmt == "xml":
        tree = parse_xml(response.content)
        assert [f.tag for f in tree[0]] == SERVICE_FIELDS


def test_services_accept_our_jurisdiction_and_refuse_another(
    client: Client, categories: Any, settings: Any
) -> None:
    settings.CIVICGRID_OPEN311_JURISDICTION = "xiangtan.gov.cn"
    assert client.get(f"{V2}/services.json?jurisdiction_id=xiangtan.gov.cn").status_code == 200
    assert client.get(f"{V2}/services.json?jurisdiction_id=").status_code == 200
    response = client.get(f"{V2}/services.xml?jurisdiction_id=sfgov.org")
    assert_error(response, "xml", 404, "sfgov.org")


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_has_no_attributes(client: Client, categories: Any, fmt: str) -> None:
    response = client.get(f"{V2}/services/0101.{fmt}")

    assert response.status_code == 200
    if fmt == "json":
        assert response.json() == {"service_code": "0101", "attributes": []}
    else:
        tree = parse_xml(response.content)
        assert tree.tag == "service_definition"
        assert [child.tag for child in tree] == ["service_code", "attributes"]
        assert tree.findtext("service_code") == "0101"
        assert len(tree.find("attributes")) == 0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["9999", "01"], ids=["unknown", "has-subcategories"])
def test_service_definition_of_no_service_is_404(
    client: Client, categories: Any, fmt: str, code: str
) -> None:
    assert_error(client.get(f"{V2}/services/{code}.{fmt}"), fmt, 404, code)


@pytest.fixture
def events(events: dict[str, Event], personas: dict[str, Any]) -> dict[str, Event]:
    """The shared events, all screened by the grid center (searches list only those)."""
    for name in ("reported", "by_resident"):
        register_event(personas["reviewer"], events[name])
    return events


# --- a client's round trip ---------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_posted_request_reads_back_by_id_and_by_token(
    client: Client, categories: Any, api_key: str, fmt: str
) -> None:
    response = post(
        client,
        fmt,
        report_data(
            api_key,
            first_name="三",
            last_name="张",
            phone="138 1234 5678",
            email="zhang@example.com",
            device_id="dev-1",
            account_id="acc-1",
            media_url="https://example.com/photo.jpg",
        ),
    )

    assert response.status_code == 200, response.content
    [created] = requests_of(response, fmt)
    assert list(created) == ["service_request_id", "token", "service_notice", "account_id"]
    event = Event.objects.get(number=created["service_request_id"])
    assert created["token"] == event.token != ""
    assert event.source == Source.OPEN311
    assert event.reporter is None
    assert event.contact_name == "张三"
    assert event.contact_phone_masked.startswith("138")
    assert event.region_id == "430212100001001"
    assert ApiKey.objects.get().last_used_at is not None

    by_id = client.get(f"{V2}/requests/{event.number}.{fmt}")
    assert by_id.status_code == 200
    [found] = requests_of(by_id, fmt)
    assert list(found) == REQUEST_FIELDS
    assert found["service_request_id"] == event.number
    assert found["status"] == "open"
    assert found["service_code"] == "0101"
    assert found["service_name"] == "垃圾池满溢"
    assert found["description"] == "垃圾池满了，三天没人清"
    assert found["address"] == "东社区第1网格"  # no address given: the grid's name
    assert float(found["lat"]) == POINT_A[1]
    assert float(found["long"]) == POINT_A[0]
    assert found["requested_datetime"].endswith("+08:00")
    local = timezone.localtime(event.reported_at)
    assert found["requested_datetime"] == local.isoformat(timespec="seconds")
    assert found["expected_datetime"] == timezone.localtime(event.due_at).isoformat(
        timespec="seconds"
    )
    assert found["media_url"] == ""

    by_token = client.get(f"{V2}/tokens/{event.token}.{fmt}")
    assert by_token.status_code == 200
    assert requests_of(by_token, fmt) == [
        {"service_request_id": event.number, "token": event.token}
    ]
    # Until the grid center has screened it, a report is found by its id or token only.
    assert event.number not in ids(client.get(f"{V2}/requests.{fmt}"), fmt)
    register_event(
        User.objects.create(
            username="dispatcher", role="reviewer", scope_region=Region.objects.get(code="430212")
        ),
        event,
    )
    assert event.number in ids(client.get(f"{V2}/requests.{fmt}"), fmt)


def test_post_with_an_address_only_lands_in_the_district(
    client: Client, categories: Any, api_key: str
) -> None:
    data = report_data(api_key, address_string="东风路12号")
    del data["lat"], data["long"]
    response = post(client, "json", data)

    assert response.status_code == 200, response.content
    event = Event.objects.get(number=response.json()[0]["service_request_id"])
    assert (event.address, event.lat, event.region_id) == ("东风路12号", None, "430212")
    [found] = client.get(f"{V2}/requests/{event.number}.json").json()
    assert (found["address"], found["lat"], found["long"]) == ("东风路12号", None, None)


def test_agency_responsible_is_the_department_or_the_town(
    client: Client, events: dict[str, Event]
) -> None:
    body = {r["service_request_id"]: r for r in client.get(f"{V2}/requests.json").json()}

    assert body[events["to_department"].number]["agency_responsible"] == "区民政局"
    assert body[events["to_town"].number]["agency_responsible"] == "甲镇"
    assert body[events["reported"].number]["agency_responsible"] == ""


# --- GET requests: filters ---------------------------------------------------------------------
@pytest.fixture
def rejected(events: dict[str, Event], personas: dict[str, Any]) -> Event:
    event, _ = report_event(
        personas["worker_a"],
        Report(category="0101", description="重复", lon=POINT_A[0], lat=POINT_A[1]),
        source=Source.GRID_WORKER,
    )
    return reject_event(personas["reviewer"], event, reason="重复上报")


@pytest.mark.parametrize("fmt", FORMATS)
def test_rejected_request_is_closed_with_the_reason(
    client: Client, rejected: Event, fmt: str
) -> None:
    [found] = requests_of(client.get(f"{V2}/requests/{rejected.number}.{fmt}"), fmt)

    assert found["status"] == "closed"
    assert found["status_notes"] == "重复上报"
    assert found["expected_datetime"] == ""
    assert found["updated_datetime"] >= found["requested_datetime"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_filter_by_status(
    client: Client, events: dict[str, Event], rejected: Event, fmt: str
) -> None:
    others = {events[k].number for k in ("reported", "to_department", "to_town", "by_resident")}

    assert set(ids(client.get(f"{V2}/requests.{fmt}?status=open"), fmt)) == others
    assert ids(client.get(f"{V2}/requests.{fmt}?status=closed"), fmt) == [rejected.number]
    both = ids(client.get(f"{V2}/requests.{fmt}?status=open,closed"), fmt)
    assert set(both) == others | {rejected.number}
    assert_error(client.get(f"{V2}/requests.{fmt}?status=pending"), fmt, 400, "status")


def test_filter_by_service_codes(client: Client, events: dict[str, Event]) -> None:
    garbage = {events["reported"].number, events["to_department"].number}

    assert set(ids(client.get(f"{V2}/requests.json?service_code=0101"), "json")) == garbage
    both = ids(client.get(f"{V2}/requests.json?service_code=0101,0301"), "json")
    assert set(both) == garbage | {events["by_resident"].number}
    assert ids(client.get(f"{V2}/requests.json?service_code=9999"), "json") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_request_ids_override_every_other_filter(
    client: Client, events: dict[str, Event], fmt: str
) -> None:
    old = events["to_town"]
    Event.objects.filter(pk=old.pk).update(reported_at=timezone.now() - timedelta(days=400))
    wanted = f"{events['reported'].number}, {old.number},nope"

    response = client.get(
        f"{V2}/requests.{fmt}",
        {"service_request_id": wanted, "service_code": "0301", "status": "closed"},
    )

    assert set(ids(response, fmt)) == {events["reported"].number, old.number}


def test_results_are_newest_first(client: Client, events: dict[str, Event]) -> None:
    now = timezone.now()
    order = ["to_town", "reported", "by_resident", "to_department"]
    for age, name in enumerate(order):
        Event.objects.filter(pk=events[name].pk).update(reported_at=now - timedelta(hours=age))

    assert ids(client.get(f"{V2}/requests.json"), "json") == [events[n].number for n in order]


def test_default_window_is_the_last_90_days(client: Client, events: dict[str, Event]) -> None:
    old = events["to_town"]
    Event.objects.filter(pk=old.pk).update(reported_at=timezone.now() - timedelta(days=91))

    listed = ids(client.get(f"{V2}/requests.json"), "json")

    assert old.number not in listed
    assert len(listed) == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_filter_by_dates(client: Client, events: dict[str, Event], fmt: str) -> None:
    moved = {
        "to_town": "2026-01-10T09:00:00+08:00",
        "reported": "2026-02-20T23:30:00+08:00",
        "by_resident": "2026-03-05T12:00:00Z",
    }
    for name, at in moved.items():
        Event.objects.filter(pk=events[name].pk).update(reported_at=at)
    numbers = {name: events[name].number for name in moved}

    def listed(**params: str) -> set[str]:
        return set(ids(client.get(f"{V2}/requests.{fmt}", params), fmt))

    assert listed(start_date="2026-01-01T00:00:00+08:00", end_date="2026-02-20T23:30:00+08:00") == {
        numbers["to_town"],
        numbers["reported"],
    }
    # UTC and a bare date (a whole day in Asia/Shanghai) mean the same instants.
    assert listed(start_date="2026-02-20T15:30:00Z", end_date="2026-03-04") == {numbers["reported"]}
    assert listed(start_date="2026-02-21", end_date="2026-03-31") == {numbers["by_resident"]}
    # Only a start: the 90 days after it; only an end: the 90 days before it.
    assert listed(start_date="2026-01-01T00:00:00+08:00") == set(numbers.values())
    assert listed(end_date="2026-01-31") == {numbers["to_town"]}
    # An unencoded "+" arrives as a space.
    query = "start_date=2026-02-20T23:00:00+08:00&end_date=2026-02-21T00:00:00+08:00"
    assert set(ids(client.get(f"{V2}/requests.{fmt}?{query}"), fmt)) == {numbers["reported"]}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"start_date": "2026-01-01T00:00:00"}, "time zone"),  # the offset is required
        ({"start_date": "2026-03-01", "end_date": "2026-01-01"}, "before"),
        ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "90 days"),
    ],
    ids=["words", "no-such-month", "no-offset", "reversed", "too-long"],
)
def test_bad_dates_are_400(
    client: Client, events: Any, fmt: str, params: dict[str, str], text: str
) -> None:
    assert_error(client.get(f"{V2}/requests.{fmt}", params), fmt, 400, text)


def test_list_stops_at_1000(client: Client, events: dict[str, Event], monkeypatch: Any) -> None:
    from civicgrid.events import open311

    monkeypatch.setattr(open311, "MAX_RESULTS", 2)
    assert len(client.get(f"{V2}/requests.json").json()) == 2


def test_query_count_does_not_grow_with_the_results(
    client: Client,
    events: dict[str, Event],
    personas: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    with django_assert_max_num_queries(1):
        assert len(client.get(f"{V2}/requests.xml").content) > 0
    for i in range(12):
        event, _ = report_event(
            personas["worker_a"],
            Report(category="0201", description=f"纠纷 {i}", lon=POINT_A[0], lat=POINT_A[1]),
            source=Source.GRID_WORKER,
        )
        reject_event(personas["reviewer"], event, reason="重复")

    with django_assert_max_num_queries(1):
        assert len(client.get(f"{V2}/requests.json").json()) == 16
    with django_assert_max_num_queries(1):
        assert len(client.get(f"{V2}/services.json").json()) == 3


# --- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_post_without_a_key_or_with_a_bad_one_is_403(
    client: Client, categories: Any, api_key: str, fmt: str
) -> None:
    data = report_data(api_key)
    del data["api_key"]
    assert_error(post(client, fmt, data), fmt, 403, "api_key")
    assert_error(post(client, fmt, report_data("not-a-key")), fmt, 403, "api_key")
    revoke_api_key("test-client")
    assert_error(post(client, fmt, report_data(api_key)), fmt, 403, "api_key")
    assert not Event.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"service_code": ""}, "service_code"),
        ({"lat": "", "long": ""}, "address_string"),
        ({"lat": "", "long": "", "address_id": "A-17"}, "address_id"),
        ({"long": ""}, "both"),
        ({"lat": "north", "long": "east"}, "numbers"),
        ({"lat": "31.23", "long": "121.47"}, "outside every grid"),
        ({"description": ""}, "Describe the problem"),
        ({"description": "长" * 2001}, "2000"),
        ({"phone": "call me"}, "phone"),
    ],
    ids=[
        "no-service",
        "no-location",
        "address-id",
        "half-a-point",
        "not-numbers",
        "outside-every-grid",
        "no-description",
        "too-long",
        "bad-phone",
    ],
)
def test_post_refusals_are_400_in_the_spec_format(
    client: Client, categories: Any, api_key: str, fmt: str, change: dict[str, str], text: str
) -> None:
    response = post(client, fmt, report_data(api_key, **change))

    assert_error(response, fmt, 400, text)
    assert not Event.objects.exists()


def test_post_must_be_form_encoded(client: Client, categories: Any, api_key: str) -> None:
    response = client.post(
        f"{V2}/requests.json", report_data(api_key), content_type="application/json"
    )
    assert_error(response, "json", 400, "x-www-form-urlencoded")


def test_post_needs_no_csrf_token(categories: Any, api_key: str) -> None:
    client = Client(enforce_csrf_checks=True)
    assert post(client, "xml", report_data(api_key)).status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "path",
    ["requests/20990101000001", "tokens/0123456789abcdef"],
    ids=["request", "token"],
)
def test_unknown_request_or_token_is_404(client: Client, events: Any, fmt: str, path: str) -> None:
    assert_error(client.get(f"{V2}/{path}.{fmt}"), fmt, 404, path.split("/")[1])


@pytest.mark.parametrize(
    "path", ["services.csv", "services/0101.html", "requests.yaml", "tokens/abc.txt"]
)
def test_unknown_format_is_a_404_json_error(client: Client, categories: Any, path: str) -> None:
    assert_error(client.get(f"{V2}/{path}"), "json", 404, "json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_method_is_405_in_the_spec_format(client: Client, categories: Any, fmt: str) -> None:
    response = client.post(f"{V2}/services.{fmt}")
    assert_error(response, fmt, 405, "POST")
    assert response["Allow"] == "GET, HEAD"
    response = client.delete(f"{V2}/requests.{fmt}")
    assert_error(response, fmt, 405, "DELETE")
    assert response["Allow"] == "GET, HEAD, POST"


def test_post_to_another_jurisdiction_is_404(client: Client, categories: Any, api_key: str) -> None:
    response = post(client, "json", report_data(api_key, jurisdiction_id="sfgov.org"))
    assert_error(response, "json", 404, "sfgov.org")
    ok = post(client, "json", report_data(api_key, jurisdiction_id="430212"))
    assert ok.status_code == 200


# --- retries -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_idempotency_key_replays_the_first_answer(
    client: Client, categories: Any, api_key: str, fmt: str
) -> None:
    first = post(client, fmt, report_data(api_key), idempotency_key="retry-1")
    again = post(client, fmt, report_data(api_key), idempotency_key="retry-1")

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert Event.objects.count() == 1

    different = post(
        client, fmt, report_data(api_key, description="另一件事"), idempotency_key="retry-1"
    )
    assert_error(different, fmt, 400, "different report")
    assert Event.objects.count() == 1

    # Without the header every POST is a new request.
    post(client, fmt, report_data(api_key))
    assert Event.objects.count() == 2


def test_idempotency_keys_are_per_api_key(client: Client, categories: Any, api_key: str) -> None:
    _other, other_key = create_api_key("other-client")
    first = post(client, "json", report_data(api_key), idempotency_key="k")
    second = post(client, "json", report_data(other_key), idempotency_key="k")

    assert first.json()[0]["service_request_id"] != second.json()[0]["service_request_id"]


# --- privacy and escaping ----------------------------------------------------------------------
def test_public_output_has_no_personal_data(
    client: Client, events: dict[str, Event], api_key: str, personas: dict[str, Any]
) -> None:
    data = report_data(
        api_key, first_name="秀英", last_name="欧阳", phone="13912345678", email="oy@example.com"
    )
    number = post(client, "json", data).json()[0]["service_request_id"]
    masked = Event.objects.get(number=number).contact_phone_masked
    assert masked
    private = ["欧阳", "秀英", "13912345678", masked, "oy@example.com", "/photos/", api_key]
    private += [user.username for user in personas.values()]
    private += [events["reported"].photos.get().image.name]

    for fmt in FORMATS:
        for path in ("requests", f"requests/{number}", f"requests/{events['reported'].number}"):
            response = client.get(f"{V2}/{path}.{fmt}")
            assert response.status_code == 200
            body = response.content.decode("utf-8")
            leaked = [text for text in private if text in body]
            assert not leaked, f"{path}.{fmt} shows {leaked}"


def test_xml_escapes_markup_and_drops_characters_xml_cannot_carry(
    client: Client, categories: Any, api_key: str
) -> None:
    text = '<b>井盖</b> & "坏了" \x0b]]>'
    number = post(client, "json", report_data(api_key, description=text)).json()[0][
        "service_request_id"
    ]

    [found] = requests_of(client.get(f"{V2}/requests/{number}.xml"), "xml")
    assert found["description"] == '<b>井盖</b> & "坏了" ]]>'
    [as_json] = client.get(f"{V2}/requests/{number}.json").json()
    assert as_json["description"] == text


# --- the key command ---------------------------------------------------------------------------
def test_key_command_create_revoke_and_list(client: Client, categories: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("open311-key", "create", "Weixin app", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert len(key.splitlines()) == 1 and len(key) >= 40
    assert ApiKey.objects.get(name="Weixin app").prefix == key[:8]
    assert post(client, "json", report_data(key)).status_code == 200

    with pytest.raises(CommandError, match="already exists"):
        call_command("open311-key", "create", "Weixin app", stdout=io.StringIO())

    listing = io.StringIO()
    call_command("open311-key", "list", stdout=listing)
    assert "Weixin app" in listing.getvalue()
    assert key[:8] in listing.getvalue()
    assert key not in listing.getvalue()
    assert "last used" in listing.getvalue()

    call_command("open311-key", "revoke", "Weixin app", stdout=io.StringIO())
    assert_error(post(client, "json", report_data(key)), "json", 403, "api_key")
    with pytest.raises(CommandError, match="already revoked"):
        call_command("open311-key", "revoke", "Weixin app", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No API key"):
        call_command("open311-key", "revoke", "nobody", stdout=io.StringIO())


def test_keys_are_stored_as_digests_and_audited(db: Any) -> None:
    from civicgrid.core.models import AuditLog

    key, raw = create_api_key("audited")
    revoke_api_key("audited")

    assert raw not in {key.digest, key.prefix}
    assert [a.action for a in AuditLog.objects.order_by("id")] == [
        "events.open311_key_create",
        "events.open311_key_revoke",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["9999", "01"])  # "01" has subcategories: it is no service
def test_post_to_an_unknown_service_is_404(
    client: Client, categories: Any, api_key: str, fmt: str, code: str
) -> None:
    response = post(client, fmt, report_data(api_key, service_code=code))

    assert_error(response, fmt, 404, code)
    assert not Event.objects.exists()


# --- a real client over HTTP -------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_georeport_client_reads_what_a_client_posted(live_server: Any, categories: Any) -> None:
    """``georeport`` (a GeoReport v2 client from PyPI) against the running server, in both
    formats. It has no POST method, so the request is posted form-encoded with the standard
    library, as any client would."""
    from georeport import GeoReport

    _key, raw = create_api_key("georeport")
    root = f"{live_server.url}{V2}"
    posted = urllib.request.Request(  # noqa: S310 (our own live server)
        f"{root}/requests.json",
        data=urlencode(report_data(raw)).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    with urllib.request.urlopen(posted, timeout=10) as response:  # noqa: S310
        number = json.load(response)[0]["service_request_id"]
    dispatcher = User.objects.create(
        username="dispatcher", role="reviewer", scope_region=Region.objects.get(code="430212")
    )
    register_event(dispatcher, Event.objects.get(number=number))

    for fmt in FORMATS:
        client = GeoReport(root, jurisdiction="430212", output_format=fmt)
        codes = [s["service_code"] for s in client.get_service_list()]
        assert codes == ["0101", "0201", "0301"]
        assert client.get_service_definition("0101")["service_code"] == "0101"
        found = client.get_service_request(number)
        assert (found["service_request_id"], found["status"]) == (number, "open")
        assert found["service_name"] == "垃圾池满溢"
        listed = client.get_service_requests(service_code="0101", status="open")
        listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one → a dict
        assert [r["service_request_id"] for r in listed] == [number]
        by_id = client.get_service_requests(service_request_id=number)
        by_id = by_id if isinstance(by_id, list) else [by_id]
        assert by_id[0]["description"] == "垃圾池满了，三天没人清"
