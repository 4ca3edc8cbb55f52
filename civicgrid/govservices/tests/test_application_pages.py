"""The service pages as people use them: guide, apply, the window, the department, tracking."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.core.models import AuditLog
from civicgrid.govservices.actions import applications as intake
from civicgrid.govservices.actions import parts as back_office
from civicgrid.govservices.actions.applications import Submission, submit_application
from civicgrid.govservices.models import Application, ApplicationState, PartState

from .fixtures import APPLICANT_PHONE, image_upload, pdf_upload


def test_the_guide_finds_items_and_shows_what_is_not_asked(client: Any, catalog: Any) -> None:
    page = client.get("/services/", {"q": "身份证"}).content.decode()
    assert "居民身份证换领" in page and "高龄津贴申请" not in page
    assert "测试一件事" not in page  # bundles are filtered by the search too
    guide = client.get(f"/services/items/{catalog.id_card.code}/").content.decode()
    assert "3 working days" in guide and "legal limit 20" in guide
    assert "the government already holds it" in guide  # 居民身份证, 户口簿
    assert client.get("/services/items/nope/").status_code == 404


def test_apply_shows_registry_values_instead_of_asking(
    client_for: Any, catalog: Any, applicant: Any
) -> None:
    page = client_for("resident").get(f"/services/apply/bundle/{catalog.birth.code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "李春梅" in html and "渌口镇建设路8号" in html
    assert 'name="f_applicant_name"' not in html  # never asked again
    assert 'name="f_child_name"' in html and 'max="6000"' in html
    held = catalog.material(catalog.birth, "户口簿")
    assert f'name="material-{held.pk}"' not in html


def test_submitting_the_form_with_files_and_a_field_error(
    client_for: Any, catalog: Any, applicant: Any
) -> None:
    client = client_for("resident")
    url = f"/services/apply/item/{catalog.id_card.code}/"
    photo = catalog.material(catalog.id_card, "证件照片")
    bad = client.post(
        url,
        {
            "f_reason": "到期",
            "f_copies": "7",
            "delivery": "mail",
            "mailing_address": "",
            "submission_key": "k1",
            f"material-{photo.pk}": image_upload(),
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "must be between 1 and 3" in html and "Enter the mailing address" in html
    assert Application.objects.count() == 0
    data = {
        "f_reason": "到期",
        "f_copies": "2",
        "delivery": "mail",
        "mailing_address": "渌口镇建设路8号",
        "submission_key": "k2",
    }
    ok = client.post(url, {**data, f"material-{photo.pk}": image_upload()})
    application = Application.objects.get()
    assert ok.status_code == 302 and ok["Location"].endswith(f"/{application.number}/")
    again = client.post(url, {**data, f"material-{photo.pk}": image_upload()})  # double click
    assert again.status_code == 302 and Application.objects.count() == 1
    detail = client.get(ok["Location"]).content.decode()
    assert "照片.jpg" in detail and application.number in detail


def _submitted(catalog: Any, applicant: Any, **files: Any) -> Application:
    application, _ = submit_application(
        applicant,
        Submission(catalog.id_card, {"reason": "到期", "copies": "1"}, files.get("files", {})),
    )
    return application


def test_the_window_sends_a_one_time_notice_and_the_applicant_supplies_it(
    client_for: Any, catalog: Any, applicant: Any
) -> None:
    application = _submitted(catalog, applicant)
    clerk = client_for("clerk")
    page = clerk.get(f"/services/applications/{application.number}/").content.decode()
    assert 'id="do-accept"' in page and 'id="do-supplement"' in page
    photo = catalog.material(catalog.id_card, "证件照片")
    refused = clerk.post(f"/services/applications/{application.number}/steps/accept/")
    assert refused.status_code == 400 and "证件照片" in refused.content.decode()
    sent = clerk.post(
        f"/services/applications/{application.number}/steps/supplement/",
        {"problem": [str(photo.pk)], f"problem-{photo.pk}": "需白底照片"},
    )
    assert sent.status_code == 302
    resident = client_for("resident")
    page = resident.get(f"/services/applications/{application.number}/").content.decode()
    assert "需白底照片" in page and 'id="do-resubmit"' in page
    notice = application.notices.get()
    printable = resident.get(f"/services/applications/{application.number}/notices/{notice.pk}/")
    assert "需白底照片" in printable.content.decode()
    done = resident.post(
        f"/services/applications/{application.number}/steps/resubmit/",
        {f"material-{photo.pk}": image_upload("白底.jpg")},
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_department_steps_delivery_and_rating_through_the_pages(
    client_for: Any, catalog: Any, applicant: Any, personas: Any
) -> None:
    photo = catalog.material(catalog.id_card, "证件照片")
    application = _submitted(catalog, applicant, files={photo.pk: [image_upload()]})
    number = application.number
    clerk, approver, resident = client_for("clerk"), client_for("approver"), client_for("resident")
    assert clerk.post(f"/services/applications/{number}/steps/accept/").status_code == 302
    part = application.parts.get()
    base = f"/services/applications/{number}/parts/{part.pk}/steps"
    assert 'id="do-take_up' in approver.get(f"/services/applications/{number}/").content.decode()
    assert approver.post(f"{base}/take_up/").status_code == 302
    assert approver.post(f"{base}/complete_step/", {"note": "ok"}).status_code == 302
    assert approver.post(f"{base}/approve/").status_code == 302
    missing = approver.post(f"{base}/issue/", {"certificate_number": ""})
    assert missing.status_code == 400 and "certificate" in missing.content.decode()
    assert approver.post(f"{base}/issue/", {"certificate_number": "C-1"}).status_code == 302
    wrong = client_for("approver").post(f"{base}/deliver/", {"method": "pickup"})
    assert wrong.status_code == 403
    mailed = clerk.post(f"{base}/deliver/", {"method": "mail", "tracking_number": "EA1234567890CN"})
    assert mailed.status_code == 302
    page = resident.get(f"/services/applications/{number}/").content.decode()
    assert "EA1234567890CN" in page and "I have received it" in page
    assert resident.post(f"{base}/close/").status_code == 302
    assert (
        resident.post(
            f"/services/applications/{number}/steps/rate/", {"score": "4", "note": "好"}
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.CLOSED and application.rating == 4


def test_tracking_needs_the_number_and_the_phone_and_lets_the_applicant_rate(
    client: Any, catalog: Any, applicant: Any, personas: Any
) -> None:
    application = _submitted(catalog, applicant)
    wrong = client.post("/services/track/", {"number": application.number, "phone_last4": "0000"})
    assert wrong.status_code == 400 and "No application matches" in wrong.content.decode()
    assert client.get(f"/services/track/{application.number}/").status_code == 404
    ok = client.post(
        "/services/track/",
        {"number": application.number.lower(), "phone_last4": APPLICANT_PHONE[-4:]},
    )
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert "居民身份证换领" in page and "Submitted" in page
    assert APPLICANT_PHONE not in page and "李春梅" not in page  # nothing personal

    # close it, then rate without an account (the lookup proved who it is)
    photo = catalog.material(catalog.id_card, "证件照片")
    intake.request_supplement(personas["clerk"], application, problems={})
    intake.resubmit_application(applicant, application, files={photo.pk: [image_upload()]})
    intake.accept_application(personas["clerk"], application)
    part = application.parts.get()
    back_office.take_up_part(personas["approver"], part)
    back_office.complete_step(personas["approver"], part)
    back_office.decide_part(personas["approver"], part, approve=True)
    back_office.issue_part(personas["approver"], part, certificate_number="C")
    back_office.deliver_part(personas["clerk"], part, method="pickup")
    back_office.close_part(personas["clerk"], part)
    assert 'id="rate-submit"' in client.get(ok["Location"]).content.decode()
    client.post(f"/services/track/{application.number}/rate/", {"score": "5"})
    application.refresh_from_db()
    assert application.rating == 5
    assert part.state == PartState.CLOSED


def test_guessing_is_throttled(client: Any, catalog: Any, applicant: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    application = _submitted(catalog, applicant)
    for n in range(5):
        client.post("/services/track/", {"number": application.number, "phone_last4": f"000{n}"})
    right = client.post(
        "/services/track/", {"number": application.number, "phone_last4": APPLICANT_PHONE[-4:]}
    )
    assert right.status_code == 429 and "Too many" in right.content.decode()
    cache.clear()


def test_revealing_full_numbers_is_logged(client_for: Any, catalog: Any, applicant: Any) -> None:
    application = _submitted(catalog, applicant)
    page = client_for("clerk").get(f"/services/applications/{application.number}/")
    assert APPLICANT_PHONE not in page.content.decode()
    shown = client_for("clerk").post(f"/services/applications/{application.number}/reveal/")
    assert APPLICANT_PHONE in shown.content.decode()
    assert AuditLog.objects.filter(action="govservices.unmask").count() == 1
    assert (
        client_for("resident")
        .post(f"/services/applications/{application.number}/reveal/")
        .status_code
        == 403
    )


@pytest.mark.parametrize("persona", ["clerk", "approver", "resident", "leader"])
def test_queues_and_monitor_render_with_few_queries(
    client_for: Any,
    catalog: Any,
    applicant: Any,
    personas: Any,
    persona: str,
    django_assert_max_num_queries: Any,
) -> None:
    photo = catalog.material(catalog.id_card, "证件照片")
    for _n in range(5):
        application = _submitted(catalog, applicant, files={photo.pk: [image_upload()]})
        intake.accept_application(personas["clerk"], application)
    client = client_for(persona)
    with django_assert_max_num_queries(12):
        page = client.get("/services/applications/")
    assert page.status_code == 200
    if persona != "resident":
        with django_assert_max_num_queries(12):
            monitor = client.get("/services/monitor/")
        assert monitor.status_code == 200 and "区公安分局" in monitor.content.decode()


def test_the_monitor_shows_the_cut_against_the_legal_limit(
    client_for: Any, catalog: Any, applicant: Any, personas: Any
) -> None:
    photo = catalog.material(catalog.id_card, "证件照片")
    application = _submitted(catalog, applicant, files={photo.pk: [pdf_upload()]})
    intake.accept_application(personas["clerk"], application)
    part = application.parts.get()
    back_office.take_up_part(personas["approver"], part)
    back_office.complete_step(personas["approver"], part)
    back_office.decide_part(personas["approver"], part, approve=True)
    page = client_for("leader").get("/services/monitor/").content.decode()
    assert "居民身份证换领" in page and "cut 100%" in page  # decided the same day: 0 of 20 days
    assert client_for("resident").get("/services/monitor/").status_code == 403
