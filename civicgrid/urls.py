from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from civicgrid.accounts.views import home

from .api import api


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("civicgrid.accounts.urls")),
    path("regions/", include("civicgrid.regions.urls")),
    path("registry/", include("civicgrid.registry.urls")),
    path("events/", include("civicgrid.events.urls")),
    path("services/", include("civicgrid.govservices.urls")),
    path("inquiries/", include("civicgrid.inquiries.urls")),
    path("ballots/", include("civicgrid.ballots.urls")),
    path("ratings/", include("civicgrid.ratings.urls")),
    path("", include("civicgrid.core.urls")),
    path("api/", api.urls),
    path("open311/v2/", include("civicgrid.events.open311_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

handler400 = "civicgrid.core.views.bad_request"
handler403 = "civicgrid.core.views.permission_denied"
handler404 = "civicgrid.core.views.page_not_found"
handler500 = "civicgrid.core.views.server_error"
