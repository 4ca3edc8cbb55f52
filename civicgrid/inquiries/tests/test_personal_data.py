"""Staff read the asker's ID and phone numbers masked; revealing them is on request and
audit-logged. The asker reads their own texts as written."""

from __future__ import annotations

from typing import Any

from civicgrid.core.models import AuditLog, Notification
from civicgrid.inquiries.actions import assign_inquiry

from .fixtures import inquiries_ask

PHONE = "13812345678"
MASKED = "138****5678"


def test_staff_pages_show_the_question_masked_until_revealed_with_an_audit_entry(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]  # "…我的电话13812345678。", assigned to D001
    for persona in ("approver", "reviewer"):
        page = client_for(persona).get(f"/inquiries/questions/{private.pk}/").content.decode()
        assert PHONE not in page
        assert MASKED in page
        assert 'id="reveal"' in page
    assert not AuditLog.objects.filter(action="inquiries.unmask").exists()

    approver = client_for("approver")
    revealed = approver.post(f"/inquiries/questions/{private.pk}/reveal/")
    assert revealed.status_code == 200
    assert PHONE in revealed.content.decode()
    entry = AuditLog.objects.get(action="inquiries.unmask")
    assert (entry.actor_name, entry.object_id) == ("approver", str(private.pk))
    assert PHONE not in entry.object_repr
    # Revealing once does not unmask the page for good.
    assert PHONE not in approver.get(f"/inquiries/questions/{private.pk}/").content.decode()


def test_the_asker_reads_their_own_text_as_written_without_a_reveal(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]
    page = client_for("resident").get(f"/inquiries/questions/{private.pk}/").content.decode()
    assert PHONE in page
    assert 'id="reveal"' not in page


def test_a_question_without_numbers_offers_no_reveal(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    page = client_for("reviewer").get(f"/inquiries/questions/{inquiries_rows['new'].pk}/")
    assert 'id="reveal"' not in page.content.decode()


def test_the_staff_api_masks_title_and_question_and_reveals_with_an_audit_entry(
    client_for: Any, personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    inquiry = inquiries_ask(
        personas["resident"], f"噪音扰民 {PHONE}", "身份证430212199001011234，请联系我。"
    )
    assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    approver = client_for("approver")
    detail = approver.get(f"/api/inquiries/questions/{inquiry.pk}").json()
    assert detail["title"] == f"噪音扰民 {MASKED}"
    assert "430212********1234" in detail["question"]
    listed = approver.get("/api/inquiries/questions?queue=all").json()["items"]
    assert PHONE not in str(listed)

    revealed = approver.post(f"/api/inquiries/questions/{inquiry.pk}/reveal")
    assert revealed.status_code == 200
    assert revealed.json()["title"] == f"噪音扰民 {PHONE}"
    assert "430212199001011234" in revealed.json()["question"]
    assert AuditLog.objects.filter(action="inquiries.unmask", actor_name="approver").count() == 1

    mine = client_for("resident").get(f"/api/inquiries/questions/{inquiry.pk}").json()
    assert mine["title"] == f"噪音扰民 {PHONE}"


def test_staff_lists_notifications_and_the_audit_log_quote_the_title_masked(
    client_for: Any,
    personas: dict[str, Any],
    departments: Any,
    inquiries_categories: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = inquiries_ask(personas["resident"], f"请回电 {PHONE}", "小区路灯坏了一个多月了。")
        assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    page = client_for("reviewer").get("/inquiries/questions/?queue=all").content.decode()
    assert MASKED in page and PHONE not in page
    assert PHONE in client_for("resident").get("/inquiries/questions/").content.decode()
    texts = Notification.objects.values_list("text", flat=True)
    assert texts and not any(PHONE in t for t in texts)
    assert not AuditLog.objects.filter(object_repr__contains=PHONE).exists()
