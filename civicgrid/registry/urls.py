from __future__ import annotations

from django.urls import path

from .views import collect, imports, people, review, sharing, stats

app_name = "registry"
urlpatterns = [
    path("", people.people, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/reveal/", people.person_reveal, name="person_reveal"),
    path("people/<int:pk>/edit/", collect.person_edit, name="person_edit"),
    path("me/", people.my_record, name="my_record"),
    path("households/", collect.households, name="households"),
    path("households/new/", collect.household_new, name="household_new"),
    path("households/<int:pk>/", collect.household_detail, name="household"),
    path("changes/", review.changes, name="changes"),
    path("changes/batch/", review.change_batch, name="change_batch"),
    path("changes/<int:pk>/", review.change_detail, name="change"),
    path("changes/<int:pk>/decide/", review.change_decide, name="change_decide"),
    path("history/<str:record_type>/<int:pk>/", review.history, name="history"),
    path("stats/", stats.stats, name="stats"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    path("imports/<int:pk>/errors.csv", imports.import_errors, name="import_errors"),
    path("sharing/", sharing.sources, name="sources"),
    path("sharing/<int:pk>/", sharing.source_detail, name="source"),
    path("sharing/imports/<int:pk>/report.csv", sharing.shared_report, name="shared_report"),
    path("export/people.csv", sharing.export_people, name="export_people"),
    path("<str:kind>/", collect.record_list, name="records"),
    path("<str:kind>/new/", collect.record_edit, name="record_new"),
    path("<str:kind>/<int:pk>/", collect.record_detail, name="record"),
    path("<str:kind>/<int:pk>/edit/", collect.record_edit, name="record_edit"),
]
