from __future__ import annotations

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("notifications/", views.notifications, name="notifications"),
]
