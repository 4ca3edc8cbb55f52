from __future__ import annotations

from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/record/", views.record, name="record"),
    path("rounds/<int:pk>/close/", views.close, name="close"),
    path("households/<int:pk>/", views.household, name="household"),
    path("stats/", views.stats, name="stats"),
    path("criteria/", views.criteria, name="criteria"),
]
