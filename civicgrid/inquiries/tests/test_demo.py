"""The demo seed: realistic questions in every state, searchable, and idempotent."""

from __future__ import annotations

from typing import Any

from civicgrid.inquiries import demo
from civicgrid.inquiries.models import Category, Inquiry
from civicgrid.inquiries.queries import search_public


def test_the_demo_seeds_once_and_publishes_masked_answers(district: Any) -> None:
    from civicgrid.accounts import demo as accounts_demo

    accounts_demo.seed()
    lines: list[str] = []
    added = demo.seed(log=lines.append)
    assert added > len(demo.QUESTIONS)
    assert Category.objects.count() == len(demo.CATEGORIES)
    assert Inquiry.objects.count() == len(demo.QUESTIONS)
    states = set(Inquiry.objects.values_list("state", flat=True))
    assert {"submitted", "assigned", "answered", "published", "closed", "rejected"} <= states
    assert search_public("补贴").count() >= 2
    everything = " ".join(
        i.public_title + i.public_body + i.public_answer for i in Inquiry.objects.public()
    )
    assert "0731-****1234" in everything and "22881234" not in everything
    assert {"resident2", "resident3", "zhujian"} <= {login.username for login in demo.demo_logins()}

    assert demo.seed(log=lines.append) == 0
    assert Inquiry.objects.count() == len(demo.QUESTIONS)
