"""The operator is offered a department: the one that answered similar questions, or the
category's default."""

from __future__ import annotations

from typing import Any

from civicgrid.inquiries.suggest import keywords, suggest_department

from .fixtures import inquiries_ask, inquiries_publish


def test_keywords_are_chinese_bigrams_and_latin_words() -> None:
    assert keywords("路灯坏了 LED") == {"路灯", "灯坏", "坏了", "led"}


def test_without_similar_questions_the_category_default_is_suggested(
    inquiries_categories: Any, departments: Any
) -> None:
    s = suggest_department("路灯坏了", "东社区路灯不亮", inquiries_categories["ZA"])
    assert s.department == departments["D001"]
    assert s.similar == 0


def test_no_default_and_no_similar_question_suggests_nothing(inquiries_categories: Any) -> None:
    assert suggest_department("随便问问", "一个问题", inquiries_categories["QT"]).department is None


def test_the_department_that_answered_most_similar_questions_is_suggested(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    for _ in range(2):
        q = inquiries_ask(
            personas["resident"], "高龄补贴发放", "八十岁老人高龄补贴什么时候发放到卡上？"
        )
        inquiries_publish(personas, q, departments["D002"])
    other = inquiries_ask(personas["resident"], "夜间巡逻", "小区夜间有陌生人出入，希望加强巡逻。")
    inquiries_publish(personas, other, departments["D001"])

    s = suggest_department("高龄补贴", "我父亲的高龄补贴还没发放", inquiries_categories["ZA"])
    assert s.department == departments["D002"]
    assert s.similar == 2
    assert "2" in s.reason


def test_the_keyword_index_is_read_once_and_again_after_a_new_publication(
    personas: dict[str, Any],
    departments: Any,
    inquiries_categories: Any,
    django_assert_num_queries: Any,
    monkeypatch: Any,
) -> None:
    from civicgrid.inquiries import suggest

    q = inquiries_ask(
        personas["resident"], "高龄补贴发放", "八十岁老人高龄补贴什么时候发放到卡上？"
    )
    inquiries_publish(personas, q, departments["D002"])
    ask = ("高龄补贴", "我父亲的高龄补贴还没发放", inquiries_categories["ZA"])
    assert suggest.suggest_department(*ask).department == departments["D002"]  # builds the index

    tokenised: list[str] = []
    real = suggest.keywords
    monkeypatch.setattr(suggest, "keywords", lambda text: tokenised.append(text) or real(text))
    with django_assert_num_queries(2):  # the index's key, and the department suggested
        assert suggest.suggest_department(*ask).department == departments["D002"]
    assert len(tokenised) == 1  # only the new question's own text

    for _ in range(2):
        other = inquiries_ask(
            personas["resident"], "高龄补贴到账", "老人高龄补贴什么时候发放，到卡上了吗？"
        )
        inquiries_publish(personas, other, departments["D001"])
    s = suggest.suggest_department(*ask)
    assert (s.department, s.similar) == (departments["D001"], 2)  # the index was rebuilt
