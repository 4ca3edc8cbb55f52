from __future__ import annotations

from django.urls import path

from . import views

app_name = "inquiries"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("ask/", views.ask, name="ask"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path("questions/<int:pk>/steps/<str:step>/", views.question_step, name="question_step"),
    path("questions/<int:pk>/reveal/", views.reveal, name="reveal"),
    path(
        "questions/<int:pk>/attachments/<int:attachment>/",
        views.attachment_file,
        name="attachment",
    ),
]
