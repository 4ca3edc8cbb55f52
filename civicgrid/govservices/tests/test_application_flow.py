"""An application from submission to rating, through the window, the departments and delivery."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from civicgrid.accounts.models import Role
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.models import TimelineEntry
from civicgrid.core.workflow import timeline
from civicgrid.govservices.actions import applications as intake
from civicgrid.govservices.actions import parts as back_office
from civicgrid.govservices.actions.applications import Submission, submit_application
from civicgrid.govservices.models import (
    Application,
    ApplicationState,
    Notice,
    Part,
    PartState,
    SubmittedMaterial,
)

from .fixtures import APPLICANT_PHONE, image_upload, pdf_upload

VALUES = {"reason": "到期", "copies": "1"}


def submit_id_card(catalog: Any, applicant: Any, *, photo: bool = True, **kw: Any) -> Application:
    photo_material = catalog.material(catalog.id_card, "证件照片")
    files = {photo_material.pk: [image_upload()]} if photo else {}
    application, created = submit_application(
        applicant, Submission(catalog.id_card, dict(VALUES), files, **kw)
    )
    assert created
    return application


def test_submission_takes_identity_and_household_from_the_registry(
    catalog: Any, applicant: Any
) -> None:
    application = submit_id_card(catalog, applicant)
    assert application.number.startswith("BJ") and len(application.number) == 16
    assert application.state == ApplicationState.SUBMITTED
    assert application.channel == "online"
    assert application.applicant_name == "李春梅"
    assert application.applicant_id_masked.startswith("430212") and "*" in (
        application.applicant_id_masked
    )
    assert application.applicant_phone_masked.endswith(APPLICANT_PHONE[-4:])
    assert application.form_data["address"] == "渌口镇建设路8号"
    # personal values are masked in what pages show; the full ones are only encrypted
    assert application.form_data["applicant_id"] == application.applicant_id_masked
    assert application.form_data["copies"] == 1
    assert application.region_id == "430212100001001"
    assert application.due_at is not None and application.watch_at is not None
    assert SubmittedMaterial.objects.filter(application=application).count() == 1


def test_values_sent_for_prefilled_fields_are_ignored(catalog: Any, applicant: Any) -> None:
    application, _ = submit_application(
        applicant,
        Submission(catalog.id_card, {**VALUES, "applicant_name": "冒名"}, {}),
    )
    assert application.form_data["applicant_name"] == "李春梅"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reason": "到期", "copies": "9"}, "copies"),
        ({"reason": "到期", "copies": "1.5"}, "copies"),
        ({"reason": "丢了", "copies": "1"}, "reason"),
        ({"copies": "1"}, "reason"),
        ({"reason": "到期", "copies": "1", "colour": "red"}, "colour"),
    ],
)
def test_form_values_out_of_range_are_refused_by_field(
    catalog: Any, applicant: Any, values: dict[str, str], field: str
) -> None:
    with pytest.raises(ActionError) as exc:
        submit_application(applicant, Submission(catalog.id_card, values, {}))
    assert field in {e["field"] for e in exc.value.errors}
    assert Application.objects.count() == 0


def test_a_bad_identity_number_in_the_form_is_refused(catalog: Any, applicant: Any) -> None:
    values = {"child_name": "小明", "weight": "3200", "other_parent_id": "430212199001011230"}
    with pytest.raises(ActionError) as exc:
        submit_application(applicant, Submission(catalog.birth, values, {}))
    assert {e["field"] for e in exc.value.errors} == {"other_parent_id"}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf_upload("a.exe", 10).__class__("a.pdf", b"MZ\x90\x00 not a pdf"), "not a PDF"),
        (lambda: pdf_upload("big.pdf", 3 * 1024 * 1024), "larger than"),
    ],
)
def test_wrong_material_type_or_size_is_refused_and_nothing_is_kept(
    catalog: Any, applicant: Any, settings: Any, upload: Any, message: str, monkeypatch: Any
) -> None:
    from civicgrid.core import uploads as materials

    monkeypatch.setattr(materials, "MAX_BYTES", 2 * 1024 * 1024)
    photo = catalog.material(catalog.id_card, "证件照片")
    with pytest.raises(ActionError) as exc:
        submit_application(applicant, Submission(catalog.id_card, VALUES, {photo.pk: [upload()]}))
    assert message in exc.value.message and "证件照片" in exc.value.message
    assert Application.objects.count() == 0 and SubmittedMaterial.objects.count() == 0


def test_the_same_submission_with_one_key_gives_the_first_result(
    catalog: Any, applicant: Any
) -> None:
    key = ("user:1", "k-1")
    first, created = submit_application(
        applicant, Submission(catalog.id_card, VALUES, {}), idempotency=key
    )
    again, created_again = submit_application(
        applicant, Submission(catalog.id_card, VALUES, {}), idempotency=key
    )
    assert created and not created_again and again.pk == first.pk
    with pytest.raises(ActionError, match="different application"):
        submit_application(
            applicant,
            Submission(catalog.id_card, {**VALUES, "copies": "2"}, {}),
            idempotency=key,
        )
    assert Application.objects.count() == 1


def test_an_item_not_online_must_be_applied_for_at_a_window(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    with pytest.raises(ActionError, match="service window"):
        submit_application(applicant, Submission(catalog.licence, {}, {}))
    application, _ = submit_application(
        personas["clerk"],
        Submission(
            catalog.licence,
            {},
            {},
            name="王五",
            id_number="43021219800304001X",
            phone="13700000000",
        ),
    )
    assert application.channel == "window" and application.region_id == "430212"


def test_a_grid_worker_applies_for_a_resident_of_their_grid_with_consent(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    person = applicant.person
    worker = personas["worker_a"]
    with pytest.raises(ActionError, match="agreed"):
        submit_application(worker, Submission(catalog.id_card, VALUES, {}, person=person))
    application, _ = submit_application(
        worker, Submission(catalog.id_card, VALUES, {}, person=person, consent="本人签字同意书")
    )
    assert application.channel == "grid_proxy"
    assert application.applicant_account == applicant  # the resident follows it too
    assert "本人签字同意书" in timeline(application).first().note
    with pytest.raises(ActionError, match="No such person"):
        submit_application(
            personas["worker_b"],
            Submission(catalog.id_card, VALUES, {}, person=person, consent="同意"),
        )


def test_missing_materials_go_in_one_notice_and_pause_the_clock(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    clerk = personas["clerk"]
    application = submit_id_card(catalog, applicant, photo=False)
    with pytest.raises(ActionError, match="证件照片"):
        intake.accept_application(clerk, application)
    damaged = catalog.material(catalog.id_card, "损坏证件")
    notice = intake.request_supplement(clerk, application, problems={damaged.pk: "看不清"})
    names = [p["name"] for p in notice.problems]
    assert names == ["证件照片", "损坏证件"]  # the missing required one was added
    application.refresh_from_db()
    assert application.state == ApplicationState.SUPPLEMENT_REQUESTED
    assert application.due_at is None and application.watch_at is None
    assert application.responsible_clerk == clerk

    photo = catalog.material(catalog.id_card, "证件照片")
    with pytest.raises(ActionError, match="损坏证件"):
        intake.resubmit_application(applicant, application, files={photo.pk: [image_upload()]})
    intake.resubmit_application(
        applicant,
        application,
        files={photo.pk: [image_upload()], damaged.pk: [pdf_upload()]},
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.due_at is not None


def test_the_first_clerk_owns_the_case(catalog: Any, applicant: Any, personas: Any) -> None:
    clerk = personas["clerk"]
    other = get_user_model().objects.create_user(
        "clerk2", role=Role.CLERK, scope_region=clerk.scope_region
    )
    application = submit_id_card(catalog, applicant, photo=False)
    intake.request_supplement(clerk, application, problems={})
    photo = catalog.material(catalog.id_card, "证件照片")
    intake.resubmit_application(applicant, application, files={photo.pk: [image_upload()]})
    with pytest.raises(NotAllowed, match="首问负责"):
        intake.accept_application(other, application)
    intake.accept_application(clerk, application)


def test_the_whole_way_from_acceptance_to_rating(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    clerk, approver = personas["clerk"], personas["approver"]
    application = submit_id_card(catalog, applicant)
    intake.accept_application(clerk, application)
    assert Notice.objects.get(application=application).kind == "acceptance"
    part = application.parts.get()
    assert part.state == PartState.ACCEPTED and part.department_id == approver.department_id
    assert part.due_at is not None

    with pytest.raises(NotAllowed):
        back_office.take_up_part(personas["other_approver"], part)
    back_office.take_up_part(approver, part)
    with pytest.raises(ActionError, match="审查"):
        back_office.decide_part(approver, part, approve=True)
    back_office.complete_step(approver, part, note="材料齐全")
    back_office.decide_part(approver, part, approve=True)
    part.refresh_from_db()
    assert part.state == PartState.APPROVED and part.days_taken == 0 and part.watch_at is None
    with pytest.raises(ActionError, match="certificate"):
        back_office.issue_part(approver, part, certificate_number=" ")
    back_office.issue_part(approver, part, certificate_number="身证-2026-0001")
    with pytest.raises(ActionError, match="tracking"):
        back_office.deliver_part(clerk, part, method="mail", tracking_number="x")
    back_office.deliver_part(clerk, part, method="mail", tracking_number="EA123456789CN")
    with pytest.raises(ActionError, match="closed"):
        back_office.rate_application(applicant, application, score=5)
    back_office.close_part(applicant, part)
    application.refresh_from_db()
    assert application.state == ApplicationState.CLOSED and application.closed_at
    with pytest.raises(ActionError, match="1 to 5"):
        back_office.rate_application(applicant, application, score=6)
    back_office.rate_application(applicant, application, score=5, comment="很快")
    with pytest.raises(Conflict):
        back_office.rate_application(applicant, application, score=1)
    application.refresh_from_db()
    assert application.rating == 5
    states = [e.to_state for e in timeline(part)]
    assert states == [
        "accepted",
        "in_review",
        "in_review",
        "approved",
        "issued",
        "delivered",
        "closed",
    ]


def test_steps_by_the_wrong_role_or_out_of_order_are_refused(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    application = submit_id_card(catalog, applicant)
    with pytest.raises(NotAllowed):
        intake.accept_application(personas["approver"], application)
    with pytest.raises(NotAllowed):
        intake.accept_application(applicant, application)
    with pytest.raises(ActionError, match="cannot go"):
        intake.resubmit_application(applicant, application, files={})
    intake.accept_application(personas["clerk"], application)
    part = application.parts.get()
    with pytest.raises(ActionError, match="cannot go"):
        back_office.issue_part(personas["approver"], part, certificate_number="1")
    with pytest.raises(ActionError, match="cannot go"):
        intake.accept_application(personas["clerk"], application)
    before = TimelineEntry.objects.count()
    with pytest.raises(ActionError, match="cannot go"):
        back_office.deliver_part(personas["clerk"], part, method="pickup")
    back_office.take_up_part(personas["approver"], part)
    with pytest.raises(NotAllowed, match="assigned"):
        back_office.complete_step(personas["admin"], part)
    assert TimelineEntry.objects.count() == before + 1


def test_a_town_centre_accepts_only_delegated_items(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    town, village = personas["town_staff"], personas["village_staff"]
    allowance, _ = submit_application(
        applicant,
        Submission(
            catalog.allowance,
            {"bank": "6222"},
            {catalog.material(catalog.allowance, "银行卡复印件").pk: [pdf_upload()]},
        ),
    )
    with pytest.raises(NotAllowed):
        intake.accept_application(village, allowance)  # 高龄津贴 is not delegated to villages
    intake.accept_application(town, allowance)
    assert allowance.responsible_clerk == town


def test_a_bundle_fans_out_in_parallel_and_closes_with_its_last_part(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    values = {"child_name": "李小宝", "weight": "3200", "other_parent_id": "430212199001011236"}
    files = {
        catalog.material(catalog.birth, "出生医学证明").pk: [pdf_upload()],
        catalog.material(catalog.birth, "结婚证").pk: [image_upload()],
    }
    application, _ = submit_application(applicant, Submission(catalog.birth, values, files))
    assert application.form_data["other_parent_id"] == "430212********1236"
    intake.accept_application(personas["clerk"], application)
    parts = {p.department.code: p for p in application.parts.all()}
    assert {p.state for p in parts.values()} == {PartState.ACCEPTED}
    assert Part.objects.visible_to(personas["approver"]).get() == parts["D001"]
    assert Application.objects.visible_to(personas["other_approver"]).get() == application
    for code, approver in (("D001", "approver"), ("D002", "other_approver")):
        _finish(parts[code], personas[approver], personas["clerk"])
        application.refresh_from_db()
    back_office.close_part(applicant, parts["D001"])
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED
    back_office.close_part(personas["clerk"], parts["D002"])
    application.refresh_from_db()
    assert application.state == ApplicationState.CLOSED


def _finish(part: Part, approver: Any, clerk: Any) -> None:
    back_office.take_up_part(approver, part)
    while not part.last_step:
        back_office.complete_step(approver, part)
    back_office.decide_part(approver, part, approve=True)
    back_office.issue_part(approver, part, certificate_number=f"C-{part.pk}")
    back_office.deliver_part(clerk, part, method="pickup")


def test_a_later_stage_waits_and_a_denial_stops_it(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    files = {catalog.material(catalog.chain, "申请书").pk: [pdf_upload()]}
    first, _ = submit_application(applicant, Submission(catalog.chain, {}, files))
    intake.accept_application(personas["clerk"], first)
    stage1, stage2 = first.parts.order_by("stage")
    assert (stage1.state, stage2.state) == (PartState.ACCEPTED, PartState.WAITING)
    assert (
        not Part.objects.visible_to(personas["other_approver"])
        .filter(state=PartState.ACCEPTED)
        .exists()
    )
    _finish(stage1, personas["approver"], personas["clerk"])
    stage2.refresh_from_db()
    assert stage2.state == PartState.ACCEPTED and stage2.started_at is not None

    files = {catalog.material(catalog.chain, "申请书").pk: [pdf_upload()]}
    second, _ = submit_application(
        applicant, Submission(catalog.chain, {}, files), idempotency=("x", "2")
    )
    intake.accept_application(personas["clerk"], second)
    s1, s2 = second.parts.order_by("stage")
    back_office.take_up_part(personas["approver"], s1)
    back_office.complete_step(personas["approver"], s1)
    with pytest.raises(ActionError, match="reason"):
        back_office.decide_part(personas["approver"], s1, approve=False)
    back_office.decide_part(personas["approver"], s1, approve=False, note="证件不符")
    s2.refresh_from_db()
    assert s2.state == PartState.CLOSED
    second.refresh_from_db()
    assert second.watch_at is None


def test_refusal_needs_a_reason_and_ends_the_application(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    application = submit_id_card(catalog, applicant)
    with pytest.raises(ActionError, match="reason"):
        intake.refuse_application(personas["clerk"], application, reason=" ")
    intake.refuse_application(personas["clerk"], application, reason="不属于本区受理范围")
    application.refresh_from_db()
    assert application.state == ApplicationState.NOT_ACCEPTED
    assert application.watch_at is None
    assert application.notices.get().kind == "not_accepted"


def test_full_form_values_are_revealed_only_with_an_audit_entry(
    catalog: Any, applicant: Any, personas: Any
) -> None:
    from civicgrid.core.models import AuditLog

    values = {"child_name": "李小宝", "weight": "3200", "other_parent_id": "430212199001011236"}
    application, _ = submit_application(applicant, Submission(catalog.birth, values, {}))
    with pytest.raises(NotAllowed):
        intake.reveal_form(applicant, application)
    revealed = intake.reveal_form(personas["clerk"], application)
    assert revealed["other_parent_id"] == "430212199001011236"
    assert revealed["applicant_phone"] == APPLICANT_PHONE
    assert AuditLog.objects.filter(action="govservices.unmask").count() == 1


def test_a_town_centre_sees_what_it_takes_in_for_someone_not_in_the_registry(
    catalog: Any, personas: Any
) -> None:
    town = personas["town_staff"]
    application, _ = submit_application(
        town,
        Submission(
            catalog.id_card,
            VALUES,
            {},
            name="外来务工人员",
            id_number="43021219800304001X",
            phone="13700000002",
        ),
    )
    assert application.channel == "town_centre" and application.region_id == "430212100"
    assert Application.objects.visible_to(town).filter(pk=application.pk).exists()
    photo = catalog.material(catalog.id_card, "证件照片")
    intake.request_supplement(town, application, problems={photo.pk: "请补充"})
