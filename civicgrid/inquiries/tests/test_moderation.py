"""What the public reads has personal numbers masked; abusive questions are held back."""

from __future__ import annotations

from typing import Any

import pytest

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


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话138 1234 5678。", "电话138 **** 5678。"),
        ("电话138-1234-5678。", "电话138-****-5678。"),
        ("电话１３８１２３４５６７８。", "电话１３８****５６７８。"),
        ("电话＋８６ １３８－１２３４－５６７８！", "电话＋８６ １３８－****－５６７８！"),
        ("旧身份证430212900101123，", "旧身份证430212******123，"),
        ("旧身份证４３０２１２９００１０１１２３，", "旧身份证４３０２１２******１２３，"),
        ("身份证43021219900101123ｘ", "身份证430212********123ｘ"),
        ("座机（0731）22881234", "座机（0731）****1234"),
    ],
)
def test_spaced_full_width_and_old_numbers_are_masked_and_the_rest_kept(
    text: str, masked: str
) -> None:
    assert mask_personal_numbers(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "补贴金额123456789012345元",  # 15 digits, but no area code and birth date
        "430212901301123",  # month 13: not a date
        "2023年共发放15000元，电话号码段1381234",
        "订单号123456789012345678901",
        "（２０２３年）",
    ],
)
def test_amounts_years_and_other_numbers_are_left_as_written(text: str) -> None:
    assert mask_personal_numbers(text) == text


def test_abusive_words_are_found_in_full_width_letters_too() -> None:
    assert find_abusive("你个傻Ｂ") == ["傻B"]


@pytest.fixture
def published(personas: dict[str, Any], departments: Any, inquiries_categories: Any) -> Inquiry:
    inquiry = inquiries_ask(personas["resident"], "反映夜间噪音", "楼下烧烤店每晚营业到凌晨两点。")
    return inquiries_publish(personas, inquiry, departments["D001"])


def test_the_rating_comment_is_masked_on_the_public_page(
    published: Inquiry, client_for: Any, client: Any
) -> None:
    response = client_for("resident").post(
        f"/inquiries/questions/{published.pk}/steps/rate/",
        {"rating": "4", "note": "处理很快，有事再打我138 1234 5678"},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.rating_comment == "处理很快，有事再打我138 1234 5678"  # the asker's own
    assert published.public_rating_comment == "处理很快，有事再打我138 **** 5678"
    page = client.get(f"/inquiries/public/{published.pk}/").content.decode()
    assert "138 **** 5678" in page
    assert "1234" not in page.split('id="public-rating"')[1]


def test_an_abusive_rating_comment_is_kept_off_the_public_page(
    published: Inquiry, client_for: Any, client: Any
) -> None:
    asker = client_for("resident")
    response = asker.post(
        f"/inquiries/questions/{published.pk}/steps/rate/",
        {"rating": "1", "note": "这些狗官根本不管事"},
        follow=True,
    )
    assert "not shown on the public page" in response.content.decode()
    published.refresh_from_db()
    assert (published.state, published.rating) == ("closed", 1)  # the stars still count
    assert published.public_rating_comment == ""
    page = client.get(f"/inquiries/public/{published.pk}/").content.decode()
    assert "1/5" in page
    assert "狗官" not in page
    own = asker.get(f"/inquiries/questions/{published.pk}/").content.decode()
    assert 'id="comment-withheld"' in own
