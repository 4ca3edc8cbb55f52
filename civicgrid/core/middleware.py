"""Request context that deep code needs without threading the request through every call."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

# Paths whose clients are programs: errors there are JSON, never an HTML page.
API_PREFIXES = ("/api/", "/open311/")

_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def current_client_address() -> str | None:
    """The address of the client whose request is being handled, if any (None in commands)."""
    return _client_address.get()


def client_address_of(request: HttpRequest) -> str | None:
    # Behind a proxy, Django's REMOTE_ADDR is the proxy; deployments set CIVICGRID_PROXY_COUNT and
    # the proxy's X-Forwarded-For is trusted only that far (same rule as the login throttle).
    from django.conf import settings

    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_address.set(client_address_of(request))
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)


class ApiJsonErrorsMiddleware:
    """Under /api/ and /open311/, an error response is always JSON with a ``detail`` message.

    Views already answer JSON; this catches what is produced outside them (405 from the router,
    Django's debug pages, a handler that returned HTML) so a client never parses an HTML page or
    sees a stack trace.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not request.path.startswith(API_PREFIXES):
            return response
        content_type = response.get("Content-Type", "")
        if "json" in content_type or "xml" in content_type:
            return response
        message = {
            404: _("Not found."),
            405: _("Method %(method)s is not allowed here.") % {"method": request.method},
            500: _("Something went wrong on our side. It has been logged."),
        }.get(response.status_code, response.reason_phrase)
        replacement = JsonResponse({"detail": message}, status=response.status_code)
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement
