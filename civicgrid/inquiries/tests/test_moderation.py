"""What the public reads has personal numbers masked; abusive questions are held back."""

from __future__ import annotations

from typing import Any

from civicgrid.inquiries.actions import release_inquiry
from civicgrid.inquiries.models import Inquiry
from civicgrid.inquiries.moderation import find_abusive, mask_personal_numbers
from civicgrid.inquiries.queries import search_public

from .fixtures import inquiries_ask, inquiries_publish


def test_identity_mobile_and_landline_numbers_are_masked_anywhere_in_the_text() -> None:
    text = "我叫张三，身份证43021219900101123X，手机13812345678，座机0731-22881234，邮编412100。"
    masked = mask_personal_numbers(text)
    assert "43021219900101123X" not in masked
    assert "430212********123X" in masked
    assert "138****5678" in masked
    assert "0731-****1234" in masked
    assert "412100" in masked  # a postcode is not a phone number


def test_numbers_inside_longer_digit_runs_are_not_mangled() -> None:
    assert mask_personal_numbers("订单号123456789012345678901") == "订单号123456789012345678901"


def test_abusive_words_are_found_case_insensitively() -> None:
    assert find_abusive("这些狗官", "正常内容") == ["狗官"]
    assert find_abusive("正常的问题") == []


def test_published_texts_are_masked_and_originals_stay_for_staff(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    inquiry = inquiries_ask(
        personas["resident"],
        "反映噪音 13812345678",
        "请联系我13812345678，身份证430212199001011234。",
    )
    inquiries_publish(personas, inquiry, departments["D001"])
    inquiry.refresh_from_db()
    assert inquiry.public_title == "反映噪音 138****5678"
    assert "430212********1234" in inquiry.public_body
    assert "13812345678" in inquiry.body  # the original stays stored for staff
    found = search_public("噪音").get()
    assert "13812345678" not in found.public_title + found.public_body + found.public_answer


def test_a_question_with_an_abusive_word_is_held_and_never_public(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    inquiry = inquiries_ask(personas["resident"], "狗官不作为", "路灯坏了一个月也没有人修理。")
    assert inquiry.held
    assert inquiry.held_words == "狗官"
    release_inquiry(personas["reviewer"], inquiry, "用词不当但问题属实")
    inquiries_publish(personas, inquiry, departments["D001"])
    assert Inquiry.objects.public().filter(pk=inquiry.pk).exists()


def test_a_held_question_cannot_be_assigned_or_published(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    import pytest

    from civicgrid.core.errors import ActionError
    from civicgrid.inquiries.actions import assign_inquiry

    inquiry = inquiries_ask(personas["resident"], "狗官不作为", "路灯坏了一个月也没有人修理。")
    with pytest.raises(ActionError, match="held for moderation"):
        assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    assert not Inquiry.objects.public().exists()
