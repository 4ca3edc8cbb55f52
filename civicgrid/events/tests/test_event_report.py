"""Reporting: from the public page, a grid worker's phone, the hotline and the API; bad input is
refused with a clear message and leaves nothing behind; photos lose their location data."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from civicgrid.core.errors import ActionError, NotAllowed
from civicgrid.core.workflow import timeline
from civicgrid.events.actions import Report, report_event
from civicgrid.events.models import Event, Photo

from .fixtures import POINT_A, photo_upload

pytestmark = pytest.mark.django_db


def _files(settings: Any) -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _report(**kw: Any) -> Report:
    values: dict[str, Any] = {
        "category": "0101",
        "description": "垃圾池满溢",
        "lon": POINT_A[0],
        "lat": POINT_A[1],
    }
    values.update(kw)
    return Report(**values)


def test_photo_is_stored_without_its_location_data(categories: Any, settings: Any) -> None:
    upload = photo_upload(exif_gps=True)
    assert b"TestCam" in upload.read()  # the original carries camera and GPS data
    upload.seek(0)
    event, _ = report_event(None, _report(photos=[upload]), source="public")
    photo = Photo.objects.get(event=event)
    stored = photo.image.open("rb").read()
    assert b"TestCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    with Image.open(photo.thumbnail.open("rb")) as thumb:
        assert max(thumb.size) <= 320
    assert timeline(event)[0].attachments == [photo.pk]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"category": "9999"}, "Unknown category “9999”"),
        ({"category": "01"}, "Choose a category under"),
        ({"lon": 100.0, "lat": 30.0}, "outside every grid"),
        ({"lon": None, "lat": None}, "Pick the place on the map or enter an address"),
        ({"description": "  "}, "Describe the problem"),
        ({"lat": None}, "both longitude and latitude"),
        ({"contact_phone": "call me"}, "valid phone number"),
    ],
)
def test_bad_reports_are_refused_and_leave_nothing(
    categories: Any, settings: Any, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ActionError, match=message):
        report_event(None, _report(photos=[photo_upload()], **kwargs), source="public")
    assert not Event.objects.exists()
    assert not Photo.objects.exists()
    assert _files(settings) == []


def test_a_text_file_renamed_jpg_is_not_a_photo(categories: Any, settings: Any) -> None:
    fake = SimpleUploadedFile("garbage.jpg", b"just some text\n" * 50, content_type="image/jpeg")
    with pytest.raises(ActionError, match="“garbage.jpg” is not a JPEG, PNG or WebP photo"):
        report_event(None, _report(photos=[photo_upload(), fake]), source="public")
    assert not Event.objects.exists() and _files(settings) == []


def test_a_gif_is_refused_even_if_it_is_an_image(categories: Any) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "GIF")
    gif = SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")
    with pytest.raises(ActionError, match="not a JPEG, PNG or WebP"):
        report_event(None, _report(photos=[gif]), source="public")


def test_a_50_mb_upload_is_refused_with_its_size(categories: Any, settings: Any) -> None:
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8" + b"0" * (50 * 2**20), content_type="image/jpeg"
    )
    with pytest.raises(ActionError, match=r"“big.jpg” is 50.0 MB; a photo may be at most 10 MB"):
        report_event(None, _report(photos=[big]), source="public")
    assert not Event.objects.exists() and _files(settings) == []


def test_webp_is_accepted(categories: Any) -> None:
    event, _ = report_event(None, _report(photos=[photo_upload("a.webp", "WEBP")]), source="public")
    assert event.photos.get().content_type == "image/webp"


def test_the_same_key_returns_the_first_report(categories: Any, personas: Any) -> None:
    worker = personas["worker_a"]
    first, created = report_event(worker, _report(), source="grid_worker", idempotency=("u", "k1"))
    again, created_again = report_event(
        worker, _report(), source="grid_worker", idempotency=("u", "k1")
    )
    assert created and not created_again and again.pk == first.pk
    assert Event.objects.count() == 1
    with pytest.raises(ActionError, match="different report"):
        report_event(
            worker,
            _report(description="另一件事"),
            source="grid_worker",
            idempotency=("u", "k1"),
        )
    assert Event.objects.count() == 1


def test_only_the_grid_center_takes_hotline_calls(categories: Any, personas: Any) -> None:
    with pytest.raises(NotAllowed):
        report_event(
            personas["worker_a"], _report(contact_phone="13912345678"), source="hotline_12345"
        )
    event, _ = report_event(
        personas["reviewer"],
        _report(contact_name="张大爷", contact_phone="13912345678"),
        source="hotline_12349",
    )
    assert event.contact_phone_masked == "139****5678"
    assert b"13912345678" not in bytes(event.contact_phone)


# --- pages --------------------------------------------------------------------------------------
def test_anyone_can_report_from_the_public_page(categories: Any, settings: Any) -> None:
    client = Client(headers={"Accept-Language": "en"})
    page = client.get("/events/report/")
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    body = {
        "category": "0101",
        "description": "桥头垃圾池满了",
        "lon": POINT_A[0],
        "lat": POINT_A[1],
        "idempotency_key": key,
        "photos": [photo_upload()],
    }
    response = client.post("/events/report/", body)
    assert response.status_code == 302 and response.url == "/events/report/done/"
    body["photos"] = [photo_upload()]
    client.post("/events/report/", body)  # the double-tap
    event = Event.objects.get()
    assert event.source == "public" and event.reporter is None and event.photos.count() == 1
    done = client.get("/events/report/done/")
    assert event.number in done.content.decode()


def test_the_public_page_shows_errors_and_keeps_what_was_typed(categories: Any) -> None:
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = Client(headers={"Accept-Language": "en"}).post(
        "/events/report/",
        {
            "category": "0101",
            "description": "路灯坏了很久",
            "lon": 100,
            "lat": 30,
            "photos": [fake],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "路灯坏了很久" in html
    assert not Event.objects.exists()
    response = Client(headers={"Accept-Language": "en"}).post(
        "/events/report/",
        {
            "category": "0101",
            "description": "路灯坏了很久",
            "lon": POINT_A[0],
            "lat": POINT_A[1],
            "photos": [fake],
        },
    )
    assert "is not a JPEG, PNG or WebP photo" in response.content.decode()
    assert not Event.objects.exists()


def test_a_signed_in_resident_follows_their_report(categories: Any, client_for: Any) -> None:
    client = client_for("resident")
    response = client.post(
        "/events/report/",
        {"category": "0101", "description": "垃圾池满了", "address": "东社区菜市场"},
    )
    event = Event.objects.get()
    assert response.url == f"/events/{event.pk}/"
    assert event.source == "resident" and event.reporter.username == "resident"
    assert event.number in client.get("/events/").content.decode()


def test_hotline_form_is_for_the_grid_center(categories: Any, client_for: Any) -> None:
    assert client_for("worker_a").get("/events/hotline/").status_code == 403
    client = client_for("reviewer")
    response = client.post(
        "/events/hotline/",
        {
            "line": "hotline_12349",
            "contact_name": "李奶奶",
            "contact_phone": "13700001111",
            "category": "0101",
            "description": "独居老人家门口垃圾堆积",
            "address": "石门村3组",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.source == "hotline_12349" and event.contact_phone_masked == "137****1111"


def test_locate_names_the_grid_or_says_outside(district: Any) -> None:
    client = Client(headers={"Accept-Language": "en"})
    ok = client.get("/events/report/locate/", {"lon": POINT_A[0], "lat": POINT_A[1]})
    assert ok.json() == {"code": "430212100001001", "name": "东社区第1网格"}
    outside = client.get("/events/report/locate/", {"lon": 100, "lat": 30})
    assert outside.status_code == 404 and "outside every grid" in outside.json()["detail"]
    assert client.get("/events/report/locate/", {"lon": "x"}).status_code == 400
    outlines = client.get("/events/report/grids.geojson").json()
    assert len(outlines["features"]) == 5


def test_signing_up_after_an_anonymous_report_makes_it_yours(categories: Any) -> None:
    client = Client(headers={"Accept-Language": "en"})
    client.post(
        "/events/report/",
        {"category": "0101", "description": "垃圾池满了", "lon": POINT_A[0], "lat": POINT_A[1]},
    )
    event = Event.objects.get()
    assert event.reporter is None
    password = "a long enough pass 42"  # noqa: S105 - a test account
    client.post(
        "/accounts/signup/",
        {
            "username": "li",
            "full_name": "李",
            "phone": "13900001111",
            "password1": password,
            "password2": password,
        },
    )
    event.refresh_from_db()
    assert event.reporter.username == "li"
    assert event.number in client.get("/events/").content.decode()
    # Another browser's sign-in claims nothing.
    other = Client()
    other.post(
        "/events/report/",
        {"category": "0101", "description": "路灯坏了", "address": "东社区"},
    )
    assert Event.objects.filter(reporter__isnull=True).count() == 1
