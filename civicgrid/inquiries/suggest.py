"""Which department should answer a question (the operator's suggestion).

Past published questions that share words with the new one vote for the department that
answered them: a question counts as similar when it shares at least ``MIN_SHARED`` keywords
(Chinese character bigrams, and Latin/digit words of two or more characters) with the new one.
The department that answered most similar questions is suggested; without any, the category's
default department.

The keywords of the latest published questions are kept in the process (:func:`_past_keywords`)
and read again only when the published questions change: one small aggregate query per
suggestion instead of reading and tokenising 500 texts on every operator's page view.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from .models import PUBLIC_STATES, Category, Inquiry

MIN_SHARED = 3
RECENT = 500  # only the latest published questions are compared: cheap and up to date

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z0-9]{2,}")
_STOP = frozenset(
    {
        "请问",
        "你好",
        "您好",
        "问题",
        "什么",
        "怎么",
        "为什",
        "么时",
        "时候",
        "谢谢",
        "一下",
        "可以",
        "是否",
        "我们",
        "我家",
        "现在",
    }
)


def keywords(text: str) -> set[str]:
    """Character bigrams of every run of Chinese characters, and Latin/digit words."""
    words: set[str] = set()
    for run in _HAN_RUN.findall(text):
        words.update(run[i : i + 2] for i in range(len(run) - 1))
    words.update(w.lower() for w in _WORD.findall(text))
    return words - _STOP


@dataclass(frozen=True)
class Suggestion:
    department: Any  # accounts.Department or None
    reason: str
    similar: int  # how many similar questions that department answered


_cache: tuple[tuple[Any, ...], list[tuple[int, frozenset[str]]]] | None = None


def _past_keywords() -> list[tuple[int, frozenset[str]]]:
    """(department id, keywords) of the latest :data:`RECENT` published questions, rebuilt only
    when their count, latest publication time or highest id changed (published questions are
    never edited; publishing, the demo's re-dating and deletion change the key). One query when
    nothing changed."""
    global _cache
    past = Inquiry.objects.filter(state__in=PUBLIC_STATES, department__isnull=False)
    key = tuple(
        past.aggregate(n=Count("id"), latest=Max("published_at"), last_id=Max("id")).values()
    )
    if _cache is not None and _cache[0] == key:
        return _cache[1]
    rows = past.order_by("-published_at").values_list("department_id", "title", "body")[:RECENT]
    index = [(d, frozenset(keywords(f"{t} {b}"))) for d, t, b in rows]
    _cache = (key, index)
    return index


def clear_cache() -> None:
    global _cache
    _cache = None


def suggest_department(title: str, body: str, category: Category) -> Suggestion:
    """The department to suggest for a question with ``title``/``body`` in ``category``."""
    mine = keywords(f"{title} {body}")
    votes: Counter[int] = Counter()
    for department_id, past in _past_keywords():
        if len(mine & past) >= MIN_SHARED:
            votes[department_id] += 1
    if votes:
        from civicgrid.accounts.models import Department

        # Most similar answers first; ties go to the category's default, then the lower id.
        default_id = category.department_id
        best_id, count = max(votes.items(), key=lambda kv: (kv[1], kv[0] == default_id, -kv[0]))
        return Suggestion(
            Department.objects.get(pk=best_id),
            _("Answered %(n)d published questions with similar words.") % {"n": count},
            count,
        )
    if category.department_id:
        return Suggestion(category.department, _("The category's default department."), 0)
    return Suggestion(None, _("No suggestion: choose a department."), 0)
