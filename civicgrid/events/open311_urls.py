"""Open311 GeoReport v2 routes, mounted at ``/open311/v2/``: every resource ends in its format
(``.json`` or ``.xml``); another extension is answered with a 404 in the spec's error format."""

from __future__ import annotations

from django.urls import re_path

from . import open311

app_name = "open311"
FORMAT = r"\.(?P<fmt>[^/.]+)$"
urlpatterns = [
    re_path(r"^services" + FORMAT, open311.services, name="services"),
    re_path(
        r"^services/(?P<service_code>[^/]+)" + FORMAT,
        open311.service_definition,
        name="service_definition",
    ),
    re_path(r"^requests" + FORMAT, open311.service_requests, name="requests"),
    re_path(
        r"^requests/(?P<service_request_id>[^/]+)" + FORMAT,
        open311.service_request,
        name="request",
    ),
    re_path(r"^tokens/(?P<token>[^/]+)" + FORMAT, open311.token_lookup, name="token"),
]
