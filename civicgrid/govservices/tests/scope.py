"""Scope declarations of the government-services endpoints (see core/testing/scope.py)."""

from __future__ import annotations

from typing import Any

from civicgrid.core.testing.scope import ScopedEndpoint
from civicgrid.govservices.models import Application, Notice, Part, SubmittedMaterial

from .scope_appointments import ENDPOINTS as APPOINTMENT_ENDPOINTS
from .scope_appointments import UNSCOPED as APPOINTMENT_UNSCOPED

FIX = ("applications",)


def _in_region(region_code: str, user: Any) -> bool:
    return user.scope_region is None or region_code.startswith(user.scope_region.code)


def sees_application(application: Any, user: Any) -> bool:
    """Administrators see all; the applicant their own; staff the applications of their region
    subtree and, for department staff, only those with a part routed to their department."""
    if user.role == "administrator":
        return True
    if application.applicant_account_id == user.pk:
        return True
    if user.role == "resident" or (user.scope_region is None and user.department_id is None):
        return False
    routed = user.department_id is None or any(
        p.department_id == user.department_id for p in application.parts.all()
    )
    return _in_region(application.region_id, user) and routed


def sees_part(part: Any, user: Any) -> bool:
    application = part.application
    if user.role == "administrator" or application.applicant_account_id == user.pk:
        return True
    if user.role == "resident" or (user.scope_region is None and user.department_id is None):
        return False
    routed = user.department_id is None or part.department_id == user.department_id
    return _in_region(application.region_id, user) and routed


ENDPOINTS = [
    ScopedEndpoint(
        name="services-api",
        model=Application,
        fixtures=FIX,
        oracle=sees_application,
        routes=("api:application_list", "api:application_detail", "api:application_step"),
        list_url="/api/services/applications",
        item_key=lambda item: item["number"],
        row_key=lambda a: a.number,
        detail_urls=(lambda a: f"/api/services/applications/{a.number}",),
        post_urls=((lambda a: f"/api/services/applications/{a.number}/steps", {"step": "accept"}),),
        missing_url="/api/services/applications/BJ20000101999999",
    ),
    ScopedEndpoint(
        name="services-parts",
        model=Part,
        fixtures=FIX,
        oracle=sees_part,
        routes=("api:part_step", "govservices:part_step"),
        post_urls=(
            (
                lambda p: f"/api/services/applications/{p.application.number}/parts/{p.pk}/steps",
                {"step": "take_up"},
            ),
            (
                lambda p: (
                    f"/services/applications/{p.application.number}/parts/{p.pk}/steps/take_up/"
                ),
                {},
            ),
        ),
    ),
    ScopedEndpoint(
        name="services-pages",
        model=Application,
        fixtures=FIX,
        oracle=sees_application,
        routes=(
            "govservices:applications",
            "govservices:application",
            "govservices:application_step",
            "govservices:reveal",
        ),
        list_url="/services/applications/?queue=all",
        list_format="html",
        row_key=lambda a: a.number,
        detail_urls=(lambda a: f"/services/applications/{a.number}/",),
        post_urls=(
            (lambda a: f"/services/applications/{a.number}/steps/accept/", {}),
            (lambda a: f"/services/applications/{a.number}/reveal/", {}),
        ),
        missing_url="/services/applications/BJ20000101999999/",
    ),
    ScopedEndpoint(
        name="services-materials",
        model=SubmittedMaterial,
        fixtures=FIX,
        oracle=lambda m, user: sees_application(m.application, user),
        routes=("govservices:material_file",),
        detail_urls=(lambda m: f"/services/applications/{m.application.number}/materials/{m.pk}/",),
    ),
    ScopedEndpoint(
        name="services-notices",
        model=Notice,
        fixtures=FIX,
        oracle=lambda n, user: sees_application(n.application, user),
        routes=("govservices:notice",),
        detail_urls=(lambda n: f"/services/applications/{n.application.number}/notices/{n.pk}/",),
    ),
    *APPOINTMENT_ENDPOINTS,
]

UNSCOPED = {
    "govservices:guide_list": "public: the service guide (test_application_pages)",
    "govservices:item_guide": "public: an item's guide",
    "govservices:bundle_guide": "public: a bundle's guide",
    "govservices:apply": "the form creates the caller's own application (test_application_pages)",
    "govservices:track": "public: asks for the number and the phone's last four digits",
    "govservices:track_result": "only numbers this browser session proved (test_application_pages)",
    "govservices:track_rate": "only numbers this browser session proved (test_application_pages)",
    "govservices:monitor": "figures computed over the caller's scope only (test_application_pages)",
    "api:service_items": "public: the catalog",
    "api:service_item": "public: the catalog",
    "api:service_bundles": "public: the catalog",
    "api:service_bundle": "public: the catalog",
    "api:application_submit": "creates the caller's own application (test_application_api)",
    "api:application_track": "public: number + phone's last four digits (test_application_api)",
    **APPOINTMENT_UNSCOPED,
}
