"""Event fixtures: a small category tree and events spread over the test district's grids.

Points inside the test grids: grid 430212100001001 spans lon 113.00–113.01, lat 27.50–27.51
(``POINT_A``); grid 430212101201001 spans lon 113.00–113.01, lat 27.40–27.41 (``POINT_B``).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from civicgrid.events.models import Category, LimitUnit, Step, StepLimit, Urgency

POINT_A = (113.005, 27.505)
POINT_B = (113.005, 27.405)


def photo_upload(
    name: str = "photo.jpg",
    kind: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    exif_gps: bool = False,
) -> SimpleUploadedFile:
    """A real image file; with ``exif_gps`` it carries a GPS position in its EXIF block."""
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    extra: dict[str, Any] = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        exif[0x8825] = {1: "N", 2: (27.0, 30.0, 18.0), 3: "E", 4: (113.0, 0.0, 18.0)}
        extra["exif"] = exif
    image.save(out, kind, **extra)
    types = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
    return SimpleUploadedFile(name, out.getvalue(), content_type=types[kind])


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded files go to the test's own directory, never to var/media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture
def categories(district: Any, departments: dict[str, Any]) -> dict[str, Category]:
    """市容环境 / 垃圾池满溢 (department D002, handle 2 working days, urgent 4 h), 矛盾纠纷 /
    邻里纠纷 (handled by the town), 安全隐患 / 消防隐患 (D001)."""
    env = Category.objects.create(code="01", name="市容环境", department=departments["D002"])
    garbage = Category.objects.create(
        code="0101", name="垃圾池满溢", parent=env, name_en="Full garbage pool"
    )
    disputes = Category.objects.create(code="02", name="矛盾纠纷", handled_by_town=True)
    neighbours = Category.objects.create(code="0201", name="邻里纠纷", parent=disputes)
    safety = Category.objects.create(code="03", name="安全隐患", department=departments["D001"])
    fire = Category.objects.create(
        code="0301", name="消防隐患", parent=safety, default_urgency=Urgency.URGENT
    )
    StepLimit.objects.create(
        category=env,
        urgency=Urgency.NORMAL,
        step=Step.HANDLE,
        amount=2,
        unit=LimitUnit.WORKING_DAYS,
    )
    StepLimit.objects.create(
        category=env, urgency=Urgency.URGENT, step=Step.HANDLE, amount=4, unit=LimitUnit.HOURS
    )
    return {
        "env": env,
        "garbage": garbage,
        "disputes": disputes,
        "neighbours": neighbours,
        "safety": safety,
        "fire": fire,
    }


@pytest.fixture
def events(
    personas: dict[str, Any],
    categories: dict[str, Category],
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    """Events in several states and places: reported in grid A by worker_a (with a photo),
    dispatched to D002 in grid B, dispatched to 甲镇 (a dispute in grid A), and a resident's
    report in grid B (with a photo). Notifications sent on commit are delivered."""
    from civicgrid.events.actions import Report, dispatch_event, register_event, report_event

    def report(
        actor: Any, category: Category, point: tuple[float, float], source: str, photo: bool = False
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            event, _ = report_event(
                actor,
                Report(
                    category=category,
                    description=f"{category.name} test",
                    lon=point[0],
                    lat=point[1],
                    photos=[photo_upload()] if photo else [],
                ),
                source=source,
            )
        return event

    reviewer = personas["reviewer"]
    reported = report(personas["worker_a"], categories["garbage"], POINT_A, "grid_worker", True)
    to_department = report(personas["worker_b"], categories["garbage"], POINT_B, "grid_worker")
    register_event(reviewer, to_department)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_event(reviewer, to_department)
    to_town = report(personas["worker_a"], categories["neighbours"], POINT_A, "grid_worker")
    register_event(reviewer, to_town)
    dispatch_event(reviewer, to_town)
    by_resident = report(personas["resident"], categories["fire"], POINT_B, "resident", True)
    return {
        "reported": reported,
        "to_department": to_department,
        "to_town": to_town,
        "by_resident": by_resident,
    }
