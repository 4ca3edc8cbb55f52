"""网络问政 in the browser: a resident asks on a phone; the operator assigns it (first, by
mistake, to the wrong department, whose answer is then refused with a clear error); staff read
the asker's phone masked and reveal it on request; the police department answers; the operator
publishes it with the phone number masked; the asker rates it with a comment (its number masked
in public too); a second resident finds it by searching the public list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from civicgrid.core.models import AuditLog
from civicgrid.inquiries.models import Inquiry
from e2e.conftest import DESKTOP, PHONE, shot, sign_in

TITLE = "渌口镇建设路夜间有人飙车"
BODY = (
    "每天晚上十一点以后渌口镇建设路有摩托车飙车，噪音很大也很危险。"
    "我的电话13812345678，可以联系我。"
)
ANSWER = "您好！渌口派出所已在建设路设卡整治，查处无牌摩托车5辆，今后每晚22点至次日2点安排巡逻。"


@pytest.fixture
def inquiries_site(site: str) -> str:
    from civicgrid.inquiries import demo

    demo.seed(log=lambda *a: None)
    return site


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "现场照片.png"
    Image.new("RGB", (40, 30), (200, 80, 60)).save(path)
    return path


def test_ask_assign_answer_publish_rate_and_find(
    inquiries_site: str, open_page: Any, photo: Path
) -> None:
    site = inquiries_site

    # A resident, on a phone, asks a public question with a photo.
    resident = open_page(PHONE)
    sign_in(resident, site, "resident")
    resident.goto(f"{site}/inquiries/")
    assert resident.locator("#figures .meter").count() >= 3  # answers by department, as bars
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    resident.click("#nav-ask")
    resident.fill("#id_title", TITLE)
    resident.fill("#id_body", BODY)
    resident.select_option("#id_category", "ZA")
    resident.select_option("#id_region", index=1)
    resident.set_input_files("#id_attachments", str(photo))
    shot(resident, "80-inquiries-ask-phone")
    resident.click("#ask-submit")
    resident.wait_for_url("**/inquiries/questions/*/")
    inquiry = Inquiry.objects.get(title=TITLE)
    assert resident.locator("#inquiry-state").inner_text().strip()
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The operator finds it among the new questions; the police is suggested, but they pick
    # the housing bureau by mistake.
    operator = open_page(DESKTOP)
    sign_in(operator, site, "reviewer")
    operator.goto(f"{site}/inquiries/questions/?queue=new")
    operator.locator("#questions a", has_text=TITLE).click()
    assert "区公安分局" in operator.locator("#suggestion").inner_text()
    # The asker's phone is masked for staff until revealed (the reveal is audit-logged).
    assert "138****5678" in operator.locator("#question-body").inner_text()
    assert "13812345678" not in operator.content()
    operator.click("#reveal")
    assert "13812345678" in operator.locator("#revealed").inner_text()
    assert AuditLog.objects.filter(action="inquiries.unmask", object_id=str(inquiry.pk)).exists()
    shot(operator, "81-inquiries-operator-assigns")
    operator.select_option("#department-select", label="区住房和城乡建设局")
    operator.click("#do-assign")
    operator.wait_for_load_state()
    assert operator.locator("#department").inner_text() == "区住房和城乡建设局"

    # The housing bureau opens it; meanwhile the operator reassigns it to the police.
    housing = open_page(DESKTOP)
    sign_in(housing, site, "zhujian")
    housing.goto(f"{site}/inquiries/questions/{inquiry.pk}/")
    housing.fill("#answer-text", "您好！此事不属于我局职责，建议向公安部门反映，谢谢。")
    operator.select_option("#department-select", label="区公安分局")
    operator.click("#do-assign")
    operator.wait_for_load_state()
    assert operator.locator("#department").inner_text() == "区公安分局"
    housing.click("#do-answer")
    housing.wait_for_load_state()
    # The same plain "no such question for you" as for any question out of scope, naming nobody.
    refusal = housing.locator("#not-here").inner_text()
    assert "未交办给您所在部门" in refusal and "区公安分局" not in refusal
    inquiry.refresh_from_db()
    assert inquiry.answer == ""

    # The police answers from its queue.
    police = open_page(DESKTOP)
    sign_in(police, site, "approver")
    police.goto(f"{site}/inquiries/questions/")
    police.locator("#questions a", has_text=TITLE).click()
    police.fill("#answer-text", ANSWER)
    shot(police, "82-inquiries-department-answers")
    police.click("#do-answer")
    police.wait_for_load_state()
    assert police.locator("#answer").inner_text().startswith("您好")

    # The operator reviews and publishes.
    operator.goto(f"{site}/inquiries/questions/?queue=review")
    operator.locator("#questions a", has_text=TITLE).click()
    operator.click("#do-publish")
    operator.wait_for_load_state()

    # The asker rates it.
    resident.goto(f"{site}/inquiries/questions/{inquiry.pk}/")
    resident.check("input[name=rating][value='5']")
    resident.fill("#note-rate", "处理很快，谢谢！有事打138 1234 5678")
    resident.click("#do-rate")
    resident.wait_for_load_state()
    assert resident.locator("#rating").inner_text().startswith("5/5")

    # A second resident, on a phone, searches the public answers and finds it.
    second = open_page(PHONE)
    sign_in(second, site, "resident2")
    second.goto(f"{site}/inquiries/")
    second.fill("#search-q", "飙车")
    second.click("#search-go")
    second.wait_for_load_state()
    result = second.locator("#public-questions a", has_text=TITLE)
    assert result.count() == 1
    shot(second, "84-inquiries-search-result")
    result.click()
    second.wait_for_load_state()
    question = second.locator("#public-question").inner_text()
    assert "138****5678" in question and "13812345678" not in question
    assert ANSWER in second.locator("#public-answer").inner_text()
    assert "138 **** 5678" in second.locator("#public-comment").inner_text()
    assert "13812345678" not in second.content()
    assert "1234 5678" not in second.content()
    assert second.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(second, "83-inquiries-published-phone")
