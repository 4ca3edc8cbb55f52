from __future__ import annotations

from django.urls import path  # noqa: F401

from .views import appointments

app_name = "govservices"
urlpatterns = [
    *appointments.urlpatterns,
]
