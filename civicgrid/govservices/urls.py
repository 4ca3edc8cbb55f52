from __future__ import annotations

from django.urls import path

from .views import applications, appointments, catalog, monitor, tracking

app_name = "govservices"
urlpatterns = [
    path("", catalog.guide_list, name="guide_list"),
    path("items/<str:code>/", catalog.item_guide, name="item_guide"),
    path("bundles/<str:code>/", catalog.bundle_guide, name="bundle_guide"),
    path("apply/<str:kind>/<str:code>/", applications.apply, name="apply"),
    path("applications/", applications.application_list, name="applications"),
    path("applications/<str:number>/", applications.application_detail, name="application"),
    path(
        "applications/<str:number>/steps/<str:step>/",
        applications.application_step,
        name="application_step",
    ),
    path(
        "applications/<str:number>/parts/<int:pk>/steps/<str:step>/",
        applications.part_step,
        name="part_step",
    ),
    path(
        "applications/<str:number>/materials/<int:pk>/",
        applications.material_file,
        name="material_file",
    ),
    path("applications/<str:number>/notices/<int:pk>/", applications.notice, name="notice"),
    path("applications/<str:number>/reveal/", applications.reveal, name="reveal"),
    path("track/", tracking.track, name="track"),
    path("track/<str:number>/", tracking.track_result, name="track_result"),
    path("track/<str:number>/rate/", tracking.track_rate, name="track_rate"),
    path("monitor/", monitor.monitor, name="monitor"),
    *appointments.urlpatterns,
]
