"""Chosen projects are tracked to completion by their responsible department."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicgrid.ballots import actions
from civicgrid.ballots.models import Project
from civicgrid.core.errors import ActionError, NotAllowed


def _project(title: str) -> Project:
    return Project.objects.select_related("candidate").get(candidate__title=title)


def test_responsible_approver_reports_until_completed(ballots_world: Any, personas: Any) -> None:
    project = _project("老旧小区改造")  # D001
    actions.report_progress(
        personas["approver"], project, percent=40, note="完成设计", on=date(2026, 3, 1)
    )
    with pytest.raises(ActionError, match="cannot go back"):
        actions.report_progress(
            personas["approver"], project, percent=30, note="x", on=date(2026, 3, 2)
        )
    actions.report_progress(
        personas["approver"], project, percent=100, note="竣工验收", on=date(2026, 6, 1)
    )
    project.refresh_from_db()
    assert (project.state, project.percent, project.completed_at) == (
        "completed",
        100,
        date(2026, 6, 1),
    )
    with pytest.raises(ActionError, match="already completed"):
        actions.report_progress(
            personas["admin"], project, percent=100, note="x", on=date(2026, 6, 2)
        )


def test_other_department_may_not_report(ballots_world: Any, personas: Any) -> None:
    with pytest.raises(NotAllowed):
        actions.report_progress(
            personas["other_approver"],
            _project("老旧小区改造"),
            percent=10,
            note="x",
            on=date(2026, 1, 1),
        )


def test_future_date_and_stale_version_are_refused(ballots_world: Any, personas: Any) -> None:
    project = _project("农村公路提质")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ActionError, match="future"):
        actions.report_progress(personas["admin"], project, percent=10, note="x", on=tomorrow)
    stale = _project("农村公路提质")
    actions.report_progress(
        personas["admin"], project, percent=10, note="开工", on=date(2026, 1, 1)
    )
    with pytest.raises(ActionError, match="Someone else"):
        actions.report_progress(personas["admin"], stale, percent=20, note="x", on=date(2026, 1, 2))


def test_progress_page_shows_bars_and_form_for_the_department(
    ballots_world: Any, client_for: Any, client: Any
) -> None:
    project = _project("老旧小区改造")
    approver = client_for("approver")
    assert "Report progress" in approver.get(f"/ballots/projects/{project.pk}/").content.decode()
    assert "Report progress" not in client.get(f"/ballots/projects/{project.pk}/").content.decode()
    done = approver.post(
        f"/ballots/projects/{project.pk}/progress/",
        {"percent": 55, "note": "主体完工", "on": "2026-05-01"},
    )
    assert done.status_code == 302
    listing = client.get("/ballots/projects/").content.decode()
    assert "width:55%" in listing
    api = client.get("/api/ballots/projects").json()
    assert {p["title"]: p["percent"] for p in api["items"]}["老旧小区改造"] == 55
    refused = client_for("other_approver").post(
        f"/api/ballots/projects/{project.pk}/progress",
        {"percent": 60, "note": "x", "on": "2026-05-02"},
        content_type="application/json",
    )
    assert refused.status_code == 404
