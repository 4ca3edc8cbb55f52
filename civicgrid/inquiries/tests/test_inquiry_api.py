"""The API: asking, steps with clear errors, the public search without an account."""

from __future__ import annotations

from typing import Any

from civicgrid.inquiries.models import Inquiry


def test_a_resident_asks_through_the_api(client_for: Any, inquiries_categories: Any) -> None:
    response = client_for("resident").post(
        "/api/inquiries/questions",
        {"title": "路灯坏了", "question": "东社区3栋门口的路灯坏了一个多月。", "category": "ZA"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "submitted"
    assert body["timeline"][0]["to_state"] == "submitted"


def test_bad_input_answers_with_the_field(client_for: Any, inquiries_categories: Any) -> None:
    response = client_for("resident").post(
        "/api/inquiries/questions",
        {"title": "路灯坏了", "question": "太短", "category": "ZA"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "body", "message": "Describe the question in at least 10 characters."}
    ]
    assert not Inquiry.objects.exists()


def test_the_operator_sees_a_suggestion_and_assigns(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    client = client_for("reviewer")
    new = inquiries_rows["new"]
    detail = client.get(f"/api/inquiries/questions/{new.pk}").json()
    assert detail["suggestion"]["department"] == "D001"
    assert detail["steps"] == ["assign", "reject"]
    response = client.post(
        f"/api/inquiries/questions/{new.pk}/steps",
        {"step": "assign", "department": "D001"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["department"] == "D001"


def test_another_departments_answer_is_refused_with_a_clear_404(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]  # assigned to D001
    response = client_for("other_approver").post(
        f"/api/inquiries/questions/{private.pk}/steps",
        {"step": "answer", "answer": "这不是我们部门的事情，但我们来回答一下。"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert "not assigned to your department" in response.json()["detail"]
    private.refresh_from_db()
    assert private.answer == ""


def test_the_public_search_needs_no_account_and_shows_no_personal_data(
    client: Any, inquiries_rows: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(3):
        body = client.get("/api/inquiries/public?q=低保").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["asker"] == "r*******"  # the persona's name is "resident"
    assert item["department"] == "区民政局"
    assert client.get("/api/inquiries/public?q=噪音").json()["count"] == 0  # private
    private = inquiries_rows["private_published"]
    assert client.get(f"/api/inquiries/public/{private.pk}").status_code == 404


def test_the_queue_lists_in_few_queries(
    client_for: Any, inquiries_rows: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = client_for("reviewer")
    with django_assert_max_num_queries(6):
        body = client.get("/api/inquiries/questions?queue=all").json()
    assert body["count"] == len(inquiries_rows)


def test_a_hand_back_answers_with_the_question_as_the_department_left_it(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]  # assigned to D001
    client = client_for("approver")
    response = client.post(
        f"/api/inquiries/questions/{private.pk}/steps",
        {"step": "hand_back", "note": "属于物业管理，请转住建局"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["department"], body["steps"]) == ("submitted", None, [])
    assert body["timeline"][-1]["note"] == "属于物业管理，请转住建局"
    # From now on the department does not see it.
    assert client.get(f"/api/inquiries/questions/{private.pk}").status_code == 404


def test_a_reassignment_from_a_stale_view_gets_a_conflict(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]  # assigned to D001
    client = client_for("reviewer")
    first = client.post(
        f"/api/inquiries/questions/{private.pk}/steps",
        {"step": "assign", "department": "D002", "seen_department": "D001"},
        content_type="application/json",
    )
    assert first.status_code == 200, first.content
    second = client.post(
        f"/api/inquiries/questions/{private.pk}/steps",
        {"step": "assign", "department": "D001", "seen_department": "D001"},
        content_type="application/json",
    )
    assert second.status_code == 409
    private.refresh_from_db()
    assert private.department.code == "D002"
