"""Two people act on the same application at the same moment: one wins, the other gets a
conflict, and nothing is half-written. Real concurrent transactions on PostgreSQL (see
events/tests/test_concurrency.py for why not SQLite)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from civicgrid.core.testing.race import race
from civicgrid.govservices.actions import applications as intake
from civicgrid.govservices.actions import parts as back_office
from civicgrid.govservices.actions.applications import Submission, submit_application
from civicgrid.govservices.models import Application, Notice, Part, SubmittedMaterial

from .fixtures import image_upload

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _submitted(catalog: Any, applicant: Any) -> Application:
    photo = catalog.material(catalog.id_card, "证件照片")
    application, _ = submit_application(
        applicant,
        Submission(
            catalog.id_card, {"reason": "到期", "copies": "1"}, {photo.pk: [image_upload()]}
        ),
    )
    return application


def test_accept_and_one_time_notice_at_once(
    catalog: Any, applicant: Any, personas: dict[str, Any]
) -> None:
    application = _submitted(catalog, applicant)
    clerk = personas["clerk"]

    def fresh() -> Application:
        return Application.objects.select_related("item").get(pk=application.pk)

    accept, refuse = race(
        lambda mine: intake.accept_application(clerk, mine),
        lambda mine: intake.refuse_application(clerk, mine, reason="重复申请"),
        before=fresh,
    )
    assert sorted([accept, refuse]) == ["conflict", "won"]
    application.refresh_from_db()
    assert application.state == ("accepted" if accept == "won" else "not_accepted")
    parts = Part.objects.filter(application=application).count()
    notices = list(Notice.objects.filter(application=application).values_list("kind", flat=True))
    if application.state == "accepted":
        assert parts == 1 and notices == ["acceptance"]
    else:
        assert parts == 0 and notices == ["not_accepted"]


def test_two_approvers_take_up_one_part(
    catalog: Any, applicant: Any, personas: dict[str, Any], django_user_model: Any
) -> None:
    application = _submitted(catalog, applicant)
    intake.accept_application(personas["clerk"], application)
    part = application.parts.get()
    colleague = django_user_model.objects.create_user(
        "approver2", role="approver", department=personas["approver"].department
    )
    first, second = race(
        lambda mine: back_office.take_up_part(personas["approver"], mine),
        lambda mine: back_office.take_up_part(colleague, mine),
        before=lambda: Part.objects.get(pk=part.pk),
    )
    assert sorted([first, second]) == ["conflict", "won"]
    part.refresh_from_db()
    winner = personas["approver"] if first == "won" else colleague
    assert part.state == "in_review" and part.assignee_id == winner.pk


def test_the_same_submission_sent_twice_at_once_makes_one_application(
    catalog: Any, applicant: Any
) -> None:
    photo = catalog.material(catalog.id_card, "证件照片")
    results: list[Any] = []

    def send() -> None:
        application, created = submit_application(
            applicant,
            Submission(
                catalog.id_card, {"reason": "到期", "copies": "1"}, {photo.pk: [image_upload()]}
            ),
            idempotency=("user:x", "same-key"),
        )
        results.append((application.pk, created))

    assert race(send, send) == ["won", "won"]
    assert len({pk for pk, _created in results}) == 1
    assert sorted(created for _pk, created in results) == [False, True]
    assert Application.objects.count() == 1
    assert SubmittedMaterial.objects.count() == 1  # the loser's file was not kept
