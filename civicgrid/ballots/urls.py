from __future__ import annotations

from django.urls import path

from . import views

app_name = "ballots"
urlpatterns = [
    path("", views.index, name="index"),
    path("results/<int:pk>/", views.result, name="result"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/progress/", views.project_progress, name="project_progress"),
    path("manage/", views.manage, name="manage"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/roster/", views.session_roster, name="session_roster"),
    path("sessions/<int:pk>/ballots/new/", views.ballot_new, name="ballot_new"),
    path("<int:pk>/", views.ballot, name="ballot"),
    path("<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("<int:pk>/steps/<str:step>/", views.ballot_step, name="ballot_step"),
    path("<int:pk>/tie/", views.tie, name="tie"),
    path("<int:pk>/recount/", views.recount, name="recount"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/verify/", views.verify, name="verify"),
]
