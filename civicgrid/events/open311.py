"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) at ``/open311/v2/``.

Services are the active leaf event categories (``service_code`` = ``Category.code``, ``group`` =
the parent's name); service requests are events (``service_request_id`` = ``Event.number``),
``open`` while the loop runs and ``closed`` once rejected, closed or rated. Reading is public and
shows public fields only: never the contact's name or phone, the reporter or photos. Posting a
request needs an API key (``civicgrid open311-key create NAME``) and goes through
:func:`civicgrid.events.actions.report_event` like every other report.

Every answer comes as JSON or XML, chosen by the extension (``services.json``, ``services.xml``);
every error uses the spec's error list (``[{"code": 404, "description": "…"}]`` or
``<errors><error>…</error></errors>``) with the same HTTP status: 404 for what does not exist,
403 for a missing or bad ``api_key``, 400 for everything else.

Where the spec leaves a choice:

* ``type`` is ``realtime``: the POST answers with the ``service_request_id`` at once. It also
  returns a ``token`` (``GET tokens/{token}``) so a client that lost the id can find it again.
* ``start_date``/``end_date`` may not span more than 90 days (400 otherwise); a missing end is 90
  days after the start, a missing start 90 days before the end, and with neither the window is
  the last 90 days. A bare date (``2026-11-22``) is that whole day in the jurisdiction's time
  zone; a date and time must carry its offset, as the spec requires.
* ``updated_datetime`` is the time of the request's last step (its closing time once closed).
* ``address`` is the reported address, or the name of the grid the point lies in.
* ``email``, ``device_id``, ``account_id`` and ``media_url`` are accepted and not stored (events
  have no place for them, and a URL's media is not fetched).
"""

from __future__ import annotations

import functools
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from civicgrid.core.errors import ActionError

from .actions import Report, report_event
from .apikeys import key_for, record_use
from .models import OPEN_STATES, Category, Event, Source, State

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
MAX_RESULTS = 1000
WINDOW = timedelta(days=90)
MAX_DESCRIPTION = 2000  # the spec allows 4,000; events keep 2,000 like every other form
STATUSES = ("open", "closed")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Characters XML 1.0 cannot carry at all, even escaped; a description may contain them.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The element name of each item of a list field in XML (Spark convention: JSON mirrors XML).
LIST_ITEMS = {"attributes": "attribute"}


class Open311Error(Exception):
    """An error answered in the spec's error format with ``status``."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass(frozen=True)
class Payload:
    """An answer before it becomes JSON or XML: the XML root element, the element of each list
    item (None when ``data`` is one object) and the data."""

    root: str
    item: str | None
    data: Any


# --- rendering ---------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return XML_INVALID.sub("", str(value))


def _fill(element: ET.Element, row: dict[str, Any]) -> None:
    for name, value in row.items():
        child = ET.SubElement(element, name)
        if isinstance(value, list):
            for item in value:
                _fill(ET.SubElement(child, LIST_ITEMS[name]), item)
        else:
            child.text = _text(value)


def _xml(payload: Payload) -> bytes:
    root = ET.Element(payload.root)
    if payload.item is None:
        _fill(root, payload.data)
    else:
        for row in payload.data:
            _fill(ET.SubElement(root, payload.item), row)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode()


def render(fmt: str, payload: Payload, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = _xml(payload)
    else:
        body = json.dumps(payload.data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error_response(fmt: str, status: int, description: str) -> HttpResponse:
    payload = Payload("errors", "error", [{"code": status, "description": description}])
    return render(fmt, payload, status)


def _w3c(value: datetime | None) -> str:
    """W3C date and time with the offset of the jurisdiction's zone: 2026-11-22T10:00:00+08:00."""
    if value is None:
        return ""
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat(timespec="seconds")


# --- the frame every endpoint shares -----------------------------------------------------------
def _param(request: HttpRequest, name: str) -> str:
    value = request.GET.get(name, "")
    if not value and request.method == "POST":
        value = request.POST.get(name, "")
    return value.strip()


def _check_jurisdiction(request: HttpRequest) -> None:
    """This endpoint serves one jurisdiction: ``jurisdiction_id`` may be left out (the spec allows
    it then) but, if given, must be ours."""
    given = _param(request, "jurisdiction_id")
    ours = settings.CIVICGRID_OPEN311_JURISDICTION
    if given and given != ours:
        raise Open311Error(404, _("jurisdiction_id “%(given)s” was not found.") % {"given": given})


def endpoint(*methods: str) -> Callable[[Callable[..., Payload]], Callable[..., HttpResponse]]:
    """Turn ``view(request, **kwargs) -> Payload`` into a view answering in the format of the
    URL's extension, with every failure in the spec's error format."""
    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def decorate(view: Callable[..., Payload]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def handler(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            fmt = fmt.lower()
            if fmt not in FORMATS:
                message = _("Unknown format “%(fmt)s”: use .json or .xml.") % {"fmt": fmt}
                return error_response("json", 404, message)
            if request.method not in allowed:
                message = _("Method %(method)s is not allowed here.") % {"method": request.method}
                response = error_response(fmt, 405, message)
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                _check_jurisdiction(request)
                payload = view(request, **kwargs)
            except Open311Error as exc:
                return error_response(fmt, exc.status, exc.description)
            except ActionError as exc:
                return error_response(fmt, 400, exc.message)
            return render(fmt, payload)

        return handler

    return decorate


# --- services ----------------------------------------------------------------------------------
def _services() -> QuerySet[Category]:
    """Active categories without subcategories: the ones a report can be filed under."""
    has_children = Exists(Category.objects.filter(parent=OuterRef("pk")))
    return Category.objects.filter(~has_children, active=True).select_related("parent")


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.parent.name if category.parent_id else "",
    }


@endpoint("GET")
def services(request: HttpRequest) -> Payload:
    """GET Service List."""
    return Payload("services", "service", [_service(c) for c in _services()])


@endpoint("GET")
def service_definition(request: HttpRequest, service_code: str) -> Payload:
    """GET Service Definition: no service has extra attributes (``metadata`` is false)."""
    category = _services().filter(code=service_code).first()
    if category is None:
        raise Open311Error(
            404, _("service_code “%(code)s” was not found.") % {"code": service_code}
        )
    return Payload("service_definition", None, {"service_code": category.code, "attributes": []})


# --- service requests --------------------------------------------------------------------------
def public_events() -> QuerySet[Event]:
    """Events as Open311 shows them: public fields only, in one query however many rows
    (``only`` keeps the contact's name and phone, the reporter and the idempotency data out of
    memory altogether)."""
    return (
        Event.objects.filter(number__isnull=False)
        .select_related("category", "department", "handling_town", "region")
        .only(
            "number",
            "state",
            "reject_reason",
            "description",
            "address",
            "lon",
            "lat",
            "due_at",
            "reported_at",
            "closed_at",
            "updated_at",
            "category__code",
            "category__name",
            "department__name",
            "handling_town__name",
            "region__name",
        )
        .order_by("-reported_at", "-id")
    )


def _updated(event: Event) -> datetime:
    """When the request last changed; for a closed one, when it was closed (as the spec says)."""
    if event.state in (State.CLOSED, State.EVALUATED) and event.closed_at:
        return event.closed_at
    return event.updated_at


def _agency(event: Event) -> str:
    if event.department_id:
        return event.department.name
    if event.handling_town_id:
        return event.handling_town.name
    return ""


def request_row(event: Event) -> dict[str, Any]:
    """One service request as the public sees it."""
    is_open = event.state in OPEN_STATES
    return {
        "service_request_id": event.number,
        "status": "open" if is_open else "closed",
        "status_notes": event.reject_reason if event.state == State.REJECTED else "",
        "service_name": event.category.name,
        "service_code": event.category.code,
        "description": event.description,
        "agency_responsible": _agency(event),
        "service_notice": "",
        "requested_datetime": _w3c(event.reported_at),
        "updated_datetime": _w3c(_updated(event)),
        "expected_datetime": _w3c(event.due_at) if is_open else "",
        "address": event.address or event.region.name,
        "address_id": "",
        "zipcode": "",
        "lat": event.lat,
        "long": event.lon,
        "media_url": "",
    }


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# An unencoded "+" of an offset arrives as a space: "2026-11-22T10:00:00 08:00".
_SPACED_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")
_BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_moment(name: str, raw: str, *, end: bool = False) -> datetime | None:
    """A W3C date and time with its offset, or a bare date: the start of that day in the
    jurisdiction's zone (with ``end``, the last instant of it)."""
    raw = _SPACED_OFFSET.sub(r"\1+\2", raw.strip())
    if not raw:
        return None
    value: datetime | None
    try:
        if _BARE_DATE.fullmatch(raw):
            zone = timezone.get_default_timezone()
            value = datetime.combine(date.fromisoformat(raw), time.min, tzinfo=zone)
            return value + timedelta(days=1, microseconds=-1) if end else value
        value = datetime.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise Open311Error(
            400,
            _(
                "%(name)s must be a W3C date and time with its time zone, "
                "e.g. 2026-11-22T10:00:00+08:00."
            )
            % {"name": name},
        )
    return value


def _window(query: QueryDict) -> tuple[datetime, datetime | None]:
    start = parse_moment("start_date", query.get("start_date", ""))
    end = parse_moment("end_date", query.get("end_date", ""), end=True)
    if start is None:
        if end is None:
            return timezone.now() - WINDOW, None
        return end - WINDOW, end
    if end is None:
        return start, start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    return start, end


def _filtered(query: QueryDict) -> QuerySet[Event]:
    events = public_events()
    ids = _split(query.get("service_request_id", ""))
    if ids:  # the spec: this overrides all other arguments
        return events.filter(number__in=ids)
    # Searches list only reports the grid center has screened (registered or rejected): a
    # fresh report may carry a caller's personal details until someone has read it. Its
    # reporter still reads it by id or token.
    events = events.exclude(state=State.REPORTED)
    codes = _split(query.get("service_code", ""))
    if codes:
        events = events.filter(category__code__in=codes)
    statuses = {s.lower() for s in _split(query.get("status", ""))}
    if statuses - set(STATUSES):
        raise Open311Error(400, _("status must be open, closed or both (comma separated)."))
    if statuses == {"open"}:
        events = events.filter(state__in=OPEN_STATES)
    elif statuses == {"closed"}:
        events = events.exclude(state__in=OPEN_STATES)
    start, end = _window(query)
    events = events.filter(reported_at__gte=start)
    if end is not None:
        events = events.filter(reported_at__lte=end)
    return events


def _contact_name(first: str, last: str) -> str:
    """A Chinese name is written family name first and without a space (张 + 三 → 张三)."""
    first, last = first.strip(), last.strip()
    if not first.isascii() or not last.isascii():
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def _point(data: QueryDict) -> tuple[float | None, float | None]:
    raw_lat, raw_long = data.get("lat", "").strip(), data.get("long", "").strip()
    if not raw_lat and not raw_long:
        return None, None
    if not (raw_lat and raw_long):
        raise Open311Error(400, _("Send both lat and long, or neither."))
    try:
        lat, lon = float(raw_lat), float(raw_long)
    except ValueError:
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise Open311Error(400, _("lat and long must be numbers (WGS 84 degrees)."))
    return lon, lat


def _create(request: HttpRequest) -> Payload:
    """POST Service Request: file the report as an event (source Open311), by API key."""
    if request.content_type not in FORM_TYPES:
        raise Open311Error(400, _("Send the request as application/x-www-form-urlencoded."))
    data = request.POST
    key = key_for(_param(request, "api_key"))
    if key is None:
        raise Open311Error(403, _("Missing or invalid api_key."))
    record_use(key)
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = _services().filter(code=code).first()
    if category is None:
        raise Open311Error(404, _("service_code “%(code)s” was not found.") % {"code": code})
    lon, lat = _point(data)
    address = data.get("address_string", "").strip()
    if lon is None and not address:
        if data.get("address_id", "").strip():
            raise Open311Error(
                400, _("address_id is not supported here: send lat and long, or address_string.")
            )
        raise Open311Error(400, _("Send the location: lat and long, or address_string."))
    description = data.get("description", "")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(
            400,
            _("The description may be at most %(n)d characters.") % {"n": MAX_DESCRIPTION},
        )
    report = Report(
        category=category,
        description=description,
        lon=lon,
        lat=lat,
        address=address,
        contact_name=_contact_name(data.get("first_name", ""), data.get("last_name", "")),
        contact_phone=data.get("phone", "").replace(" ", ""),
    )
    event, _created = report_event(
        None,
        report,
        source=Source.OPEN311,
        idempotency=(f"open311:{key.pk}", request.headers.get("Idempotency-Key", "").strip()),
        with_token=True,
    )
    row = {
        "service_request_id": event.number,
        "token": event.token,
        "service_notice": "",
        "account_id": "",
    }
    return Payload("service_requests", "request", [row])


@csrf_exempt  # authenticated by API key, never by a session cookie
@endpoint("GET", "POST")
def service_requests(request: HttpRequest) -> Payload:
    """GET Service Requests (public, newest first, at most 1000) and POST Service Request."""
    if request.method == "POST":
        return _create(request)
    events = _filtered(request.GET)[:MAX_RESULTS]
    return Payload("service_requests", "request", [request_row(e) for e in events])


@endpoint("GET")
def service_request(request: HttpRequest, service_request_id: str) -> Payload:
    """GET Service Request: a list of one."""
    event = public_events().filter(number=service_request_id).first()
    if event is None:
        raise Open311Error(
            404,
            _("service_request_id “%(id)s” was not found.") % {"id": service_request_id},
        )
    return Payload("service_requests", "request", [request_row(event)])


@endpoint("GET")
def token_lookup(request: HttpRequest, token: str) -> Payload:
    """GET service_request_id from a token."""
    found = (
        Event.objects.filter(token=token, number__isnull=False)
        .exclude(token="")
        .values_list("number", flat=True)
        .first()
    )
    if found is None:
        raise Open311Error(404, _("token “%(token)s” was not found.") % {"token": token})
    return Payload("service_requests", "request", [{"service_request_id": found, "token": token}])
