"""The JSON API (OpenAPI 3 at /api/openapi.json, docs at /api/docs).

Every endpoint signs in with the web session (CSRF-checked for writes) and reads through the scope
chokepoint. Errors are JSON ``{"detail": "...", "errors": [...]}`` with the matching status code.
"""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.security import django_auth

from civicgrid.core.errors import ActionError

logger = logging.getLogger("civicgrid.api")

api = NinjaAPI(
    title="CivicGrid API",
    version="1",
    description="Regions and grids, accounts, and (as modules land) the registry, events and "
    "government services of a CivicGrid district. Sign in with the web session; every list is "
    "limited to the caller's data scope.",
    auth=django_auth,
    urls_namespace="api",
)


def _field_name(loc: tuple[object, ...]) -> str | None:
    """The name the client used: ``features.0.type`` in a body, ``level`` in a query string."""
    if not loc:
        return None
    if loc[0] == "body":
        # ("body", "<parameter>", "features", 0, "type"): the parameter name is ours, not theirs.
        return ".".join(str(p) for p in loc[2:]) or None
    names = [p for p in loc[1:] if isinstance(p, str)]
    return names[-1] if names else None


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(tuple(e.get("loc", ()))), "message": e.get("msg")} for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": _("The request is invalid."), "errors": errors}, status=422
    )


@api.exception_handler(ActionError)
def _action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    body: dict[str, object] = {"detail": exc.message}
    if exc.errors:
        body["errors"] = exc.errors
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign in first.")}, status=401)


@api.exception_handler(AuthorizationError)
def _forbidden_csrf(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message)}, status=403)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or _("You may not do this.")}, status=403
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    error_id = uuid.uuid4().hex[:12]
    logger.exception("API error %s on %s %s", error_id, request.method, request.path)
    return api.create_response(
        request,
        {
            "detail": _("Something went wrong on our side. It has been logged."),
            "error_id": error_id,
        },
        status=500,
    )


def _register_routers() -> None:
    from civicgrid.accounts.api import router as accounts_router
    from civicgrid.ballots.api import router as ballots_router
    from civicgrid.core.api import router as core_router
    from civicgrid.events.api import router as events_router
    from civicgrid.govservices.api import router as govservices_router
    from civicgrid.inquiries.api import router as inquiries_router
    from civicgrid.ratings.api import router as ratings_router
    from civicgrid.regions.api import router as regions_router
    from civicgrid.registry.api import router as registry_router

    api.add_router("/regions", regions_router)
    api.add_router("/accounts", accounts_router)
    api.add_router("/audit", core_router)
    api.add_router("/registry", registry_router)
    api.add_router("/events", events_router)
    api.add_router("/services", govservices_router)
    api.add_router("/inquiries", inquiries_router)
    api.add_router("/ballots", ballots_router)
    api.add_router("/ratings", ratings_router)


_register_routers()
