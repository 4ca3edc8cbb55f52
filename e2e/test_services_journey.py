"""出生一件事 in the browser: a parent books a time at the hall, then applies online with one form
(identity and household taken from the registry); the window's clerk asks for a missing material
with a one-time notice; the parent supplies it; five department approvers each decide their part;
the clerk mails the certificates with tracking numbers; the parent follows the case by number and
the last four digits of the phone, confirms receipt and rates the service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from civicgrid.accounts.models import User
from civicgrid.govservices.models import Application, Bundle, PartState
from e2e.conftest import DESKTOP, PHONE, shot, sign_in

APPROVER_OF = {
    "区卫生健康局": "weijian",
    "区公安分局": "approver",
    "区疾病预防控制中心": "jikong",
    "区医疗保障局": "yibao",
}


@pytest.fixture
def services_demo(demo_district: None) -> Bundle:
    from civicgrid.govservices import demo as services_demo

    services_demo.seed_catalog()
    services_demo.seed_approvers()
    services_demo.appointments.seed_halls()
    services_demo.appointments.seed_slots(days=5)
    return Bundle.objects.get(code="BIRTH")


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "住院分娩记录.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def _files(page: Any, label: str, path: Path) -> None:
    page.locator("#materials .field", has_text=label).locator("input[type=file]").set_input_files(
        str(path)
    )


def test_birth_bundle_from_appointment_to_rating(
    site: str, open_page: Any, services_demo: Bundle, pdf: Path
) -> None:
    parent_user = User.objects.get(username="resident")
    person = parent_user.person
    phone = person.phone or parent_user.phone

    # The parent, on a phone, finds the newborn bundle and books a time at the district hall.
    parent = open_page(PHONE)
    sign_in(parent, site, "resident")
    parent.goto(f"{site}/services/")
    parent.fill("input[name=q]", "出生")
    parent.click("form.search button[type=submit]")
    parent.locator("#bundles a", has_text="出生一件事").click()
    shot(parent, "60-services-birth-guide-phone")
    parent.click("a[href*='/services/appointments/?bundle=BIRTH']")
    parent.locator("a.tile", has_text="政务服务中心").first.click()
    parent.locator("a.slot[data-slot]").first.click()
    parent.click("#confirm-booking")
    parent.wait_for_selector("#booking-code")
    code = parent.locator("#booking-code").inner_text().strip()
    assert len(code) == 8
    shot(parent, "61-services-appointment-booked-phone")

    # One form: who the parent is and their household come from the registry.
    parent.goto(f"{site}/services/bundles/BIRTH/")
    parent.click("#apply-online")
    registry_box = parent.locator("#from-registry")
    assert person.name in registry_box.inner_text()
    assert parent.locator("input[name=f_applicant_name]").count() == 0
    parent.fill("input[name=f_newborn_name]", "李小满")
    parent.select_option("select[name=f_newborn_sex]", "女")
    parent.fill("input[name=f_newborn_birth_date]", "2026-11-18")
    parent.fill("input[name=f_birth_place]", "渌口区人民医院")
    parent.fill("input[name=f_birth_weight]", "3350")
    parent.fill("input[name=f_other_parent_name]", "王建军")
    parent.fill("input[name=f_other_parent_id_number]", "430212199001011236")
    _files(parent, "住院分娩证明", pdf)  # the marriage certificate is forgotten
    parent.check("input[name=delivery][value=mail]")
    parent.fill("#id_mailing_address", "渌口镇建设路8号")
    shot(parent, "62-services-birth-form-phone")
    parent.click("#submit-application")
    parent.wait_for_url("**/services/applications/BJ*/")
    number = parent.locator("#application-number").inner_text().strip()
    shot(parent, "63-services-submitted-phone")
    application = Application.objects.get(number=number)
    assert application.applicant_person_id == person.pk

    # The window clerk sends one notice listing what is missing.
    clerk = open_page(DESKTOP)
    sign_in(clerk, site, "clerk")
    clerk.goto(f"{site}/services/applications/?queue=intake")
    clerk.locator("#applications li", has_text=number).locator("a").first.click()
    notice = clerk.locator("form[data-step=supplement]")
    assert notice.locator("input[type=checkbox]:checked").count() >= 1  # missing ones pre-ticked
    notice.locator("textarea[name=note]").fill("请上传父母结婚证")
    notice.locator("#do-supplement").click()
    clerk.wait_for_load_state()
    assert clerk.locator("#application-state").inner_text().strip() == "待补正"
    clerk.locator("#notices a").first.click()
    shot(clerk, "64-services-one-time-notice")

    # The parent supplies the marriage certificate.
    parent.goto(f"{site}/services/applications/{number}/")
    assert "结婚证" in parent.locator("#notices").inner_text()
    parent.locator(
        "form[data-step=resubmit] .field, form[data-step=resubmit] div", has_text="结婚证"
    ).locator("input[type=file]").first.set_input_files(str(pdf))
    parent.click("#do-resubmit")
    parent.wait_for_load_state()
    shot(parent, "65-services-supplied-phone")

    # The clerk accepts: five parts go to four departments at once.
    clerk.goto(f"{site}/services/applications/{number}/")
    clerk.click("#do-accept")
    clerk.wait_for_load_state()
    assert clerk.locator("#parts li.part").count() == 5
    shot(clerk, "66-services-accepted")

    # Each department's approver decides their parts and issues the certificates.
    for n, part in enumerate(application.parts.select_related("department").order_by("id")):
        approver = open_page(DESKTOP)
        sign_in(approver, site, APPROVER_OF[part.department.name])
        approver.goto(f"{site}/services/applications/?queue=todo")
        approver.locator("#applications li", has_text=number).locator("a").first.click()
        box = approver.locator(f"#part-{part.pk}")
        box.locator("button[id^=do-take_up]").click()
        approver.wait_for_load_state()
        while box.locator("button[id^=do-complete_step]").count():
            box.locator("button[id^=do-complete_step]").click()
            approver.wait_for_load_state()
        box.locator("button[id^=do-approve]").click()
        approver.wait_for_load_state()
        box.locator("input[name=certificate_number]").fill(f"ZS2026-{part.pk:05d}")
        box.locator("button[id^=do-issue]").click()
        approver.wait_for_load_state()
        if n == 0:
            shot(approver, "67-services-department-issued")
        approver.close()

    # The clerk mails every certificate with its own tracking number.
    clerk.goto(f"{site}/services/applications/?queue=deliver")
    clerk.locator("#applications li", has_text=number).locator("a").first.click()
    for n, part in enumerate(application.parts.order_by("id")):
        box = clerk.locator(f"#part-{part.pk}")
        box.locator("input[name=tracking_number]").fill(f"EA{10_000_000 + n:09d}CN")
        box.locator("button[id^=do-deliver]").click()
        clerk.wait_for_load_state()
    shot(clerk, "68-services-mailed")
    assert set(application.parts.values_list("state", flat=True)) == {PartState.DELIVERED}

    # Anyone with the number and the phone's last four digits can follow it.
    tracker = open_page(PHONE)
    tracker.goto(f"{site}/services/track/")
    tracker.fill("#number", number)
    tracker.fill("#phone_last4", phone[-4:])
    tracker.click("#track-submit")
    tracker.wait_for_url(f"**/services/track/{number}/")
    assert tracker.locator("#track-parts .tracking").count() == 5
    shot(tracker, "69-services-tracking-phone")

    # The parent confirms receipt of each certificate, then rates the service.
    parent.goto(f"{site}/services/applications/{number}/")
    while parent.locator("button[id^=do-close]").count():
        parent.locator("button[id^=do-close]").first.click()
        parent.wait_for_load_state()
    tracker.reload()
    tracker.locator("#track-rate input[value='5']").check()
    tracker.fill("#comment", "一次提交，五证到家")
    tracker.click("#rate-submit")
    tracker.wait_for_load_state()
    shot(tracker, "70-services-rated-phone")
    application.refresh_from_db()
    assert application.state == "closed" and application.rating == 5
