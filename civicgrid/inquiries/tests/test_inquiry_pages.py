"""The pages: ask, queues, the question with its steps, the public list and answer page."""

from __future__ import annotations

from typing import Any

from civicgrid.inquiries.models import Inquiry

from .fixtures import inquiries_pdf


def test_a_resident_asks_on_the_page_with_an_attachment(
    client_for: Any, inquiries_categories: Any
) -> None:
    client = client_for("resident")
    assert client.get("/inquiries/ask/").status_code == 200
    response = client.post(
        "/inquiries/ask/",
        {
            "title": "小区路灯坏了",
            "body": "东社区3栋门口的路灯坏了一个多月。",
            "category": "ZA",
            "region": "430212100",
            "is_public": "1",
            "attachments": [inquiries_pdf()],
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response.url == f"/inquiries/questions/{inquiry.pk}/"
    assert inquiry.region_id == "430212100"
    assert inquiry.attachments.count() == 1
    page = client.get(response.url)
    assert "小区路灯坏了" in page.content.decode()


def test_a_bad_question_shows_a_form_error(client_for: Any, inquiries_categories: Any) -> None:
    response = client_for("resident").post(
        "/inquiries/ask/", {"title": "路灯", "body": "坏了", "category": "ZA", "is_public": "1"}
    )
    assert response.status_code == 400
    assert "at least 4 characters" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_staff_may_not_ask(client_for: Any, inquiries_categories: Any) -> None:
    assert client_for("reviewer").get("/inquiries/ask/").status_code == 403


def test_the_department_answers_on_the_page(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]
    client = client_for("approver")
    page = client.get(f"/inquiries/questions/{private.pk}/").content.decode()
    assert 'data-step="answer"' in page
    response = client.post(
        f"/inquiries/questions/{private.pk}/steps/answer/",
        {"answer": "已联系社区和物业，三日内清理消防通道。"},
    )
    assert response.status_code == 302
    private.refresh_from_db()
    assert private.state == "answered"


def test_an_answer_from_another_department_gets_a_clear_error_page(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]
    response = client_for("other_approver").post(
        f"/inquiries/questions/{private.pk}/steps/answer/",
        {"answer": "已联系社区和物业，三日内清理消防通道。"},
    )
    assert response.status_code == 404
    assert "not assigned to your department" in response.content.decode()


def test_a_step_error_is_shown_on_the_form(client_for: Any, inquiries_rows: dict[str, Any]) -> None:
    new = inquiries_rows["new"]
    response = client_for("reviewer").post(
        f"/inquiries/questions/{new.pk}/steps/reject/", {"note": ""}
    )
    assert response.status_code == 400
    assert "Say why the question is rejected." in response.content.decode()


def test_the_public_list_searches_published_public_questions_only(
    client: Any, inquiries_rows: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        page = client.get("/inquiries/?q=低保").content.decode()
    assert "低保申请条件" in page
    assert "r*******" in page
    everything = client.get("/inquiries/").content.decode()
    for hidden in ("夜间噪音扰民", "小区路灯坏了", "投诉狗官不作为", "邻里纠纷求助"):
        assert hidden not in everything
    published = inquiries_rows["published"]
    assert client.get(f"/inquiries/public/{published.pk}/").status_code == 200
    assert client.get(f"/inquiries/public/{inquiries_rows['new'].pk}/").status_code == 404


def test_queues_list_in_few_queries(
    client_for: Any, inquiries_rows: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = client_for("reviewer")
    with django_assert_max_num_queries(8):
        page = client.get("/inquiries/questions/?queue=new").content.decode()
    assert f'data-key="{inquiries_rows["new"].pk}"' in page
    assert f'data-key="{inquiries_rows["held"].pk}"' not in page
    held = client.get("/inquiries/questions/?queue=held").content.decode()
    assert f'data-key="{inquiries_rows["held"].pk}"' in held


def test_the_public_list_shows_figures_by_department(
    client: Any, inquiries_rows: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        page = client.get("/inquiries/").content.decode()
    assert 'id="figures"' in page
    assert "区民政局" in page  # the one public published answer


def test_a_hand_back_on_the_page_returns_to_the_queue_with_a_message(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    private = inquiries_rows["private"]
    client = client_for("approver")
    response = client.post(
        f"/inquiries/questions/{private.pk}/steps/hand_back/", {"note": "属于物业管理"}
    )
    assert response.status_code == 302
    assert response.url == "/inquiries/questions/?queue=answer"
    queue = client.get(response.url).content.decode()
    assert "handed back to the operator" in queue
    assert f'data-key="{private.pk}"' not in queue
    private.refresh_from_db()
    assert (private.state, private.department_id) == ("submitted", None)


def test_a_note_over_the_limit_keeps_what_was_typed(
    client_for: Any, inquiries_rows: dict[str, Any]
) -> None:
    new = inquiries_rows["new"]
    reason = "重复提问，" * 101  # 505 characters
    response = client_for("reviewer").post(
        f"/inquiries/questions/{new.pk}/steps/reject/", {"note": reason}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<textarea name="note" id="note-reject" rows="2">{reason}</textarea>' in page
    assert 'data-field="note"' in page  # the error stands next to it
    assert '<textarea name="note" id="note-assign" rows="2"></textarea>' in page  # others empty


def test_a_conflict_keeps_the_department_chosen_and_the_note(
    client_for: Any, personas: dict[str, Any], departments: Any, inquiries_rows: dict[str, Any]
) -> None:
    from civicgrid.inquiries.actions import assign_inquiry

    private = inquiries_rows["private"]  # assigned to D001: the operator's page shows that
    client = client_for("reviewer")
    page = client.get(f"/inquiries/questions/{private.pk}/").content.decode()
    assert '<input type="hidden" name="seen_department" value="D001">' in page
    assign_inquiry(personas["reviewer"], private, departments["D002"])  # someone else, meanwhile
    response = client.post(
        f"/inquiries/questions/{private.pk}/steps/assign/",
        {"department": "D001", "note": "请公安分局处理", "seen_department": "D001"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else has just acted" in page
    assert '<option value="D001" selected>' in page
    assert '<option value="D002" selected>' not in page
    assert ">请公安分局处理</textarea>" in page
    private.refresh_from_db()
    assert private.department_id == departments["D002"].pk


def test_a_rating_error_keeps_the_stars_and_the_comment(
    client_for: Any, personas: dict[str, Any], inquiries_rows: dict[str, Any]
) -> None:
    published = inquiries_rows["published"]
    comment = "很好" * 151  # 302 characters: over the comment's limit of 300
    response = client_for("resident").post(
        f"/inquiries/questions/{published.pk}/steps/rate/", {"rating": "3", "note": comment}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<input type="radio" name="rating" value="3" checked>' in page
    assert '<input type="radio" name="rating" value="5" checked>' not in page
    assert f">{comment}</textarea>" in page
    published.refresh_from_db()
    assert published.rating is None
