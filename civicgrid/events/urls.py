from __future__ import annotations

from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("report/", views.report, name="report"),
    path("report/done/", views.report_done, name="report_done"),
    path("report/locate/", views.locate, name="locate"),
    path("report/grids.geojson", views.grid_outlines, name="grid_outlines"),
    path("hotline/", views.hotline, name="hotline"),
    path("stats/", views.stats, name="stats"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/steps/<str:action>/", views.event_step, name="step"),
    path("<int:pk>/reveal-phone/", views.reveal_phone, name="reveal_phone"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("<int:pk>/photos/<int:photo_pk>/thumb/", views.photo, {"thumb": True}, name="photo_thumb"),
]
