"""Name helpers for search: pinyin initials (张建国 → zjg) and infix ranges."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's most common one.
SURNAME_INITIALS = {
    "曾": "z",
    "单": "s",
    "解": "x",
    "仇": "q",
    "区": "o",
    "查": "z",
    "朴": "p",
    "盖": "g",
    "尉": "y",
    "乐": "y",
    "缪": "m",
    "覃": "q",
    "翟": "z",
    "种": "c",
}


@lru_cache(maxsize=65536)
def _char_initial(char: str) -> str:
    letters = lazy_pinyin(char, style=Style.FIRST_LETTER, errors="ignore")
    return letters[0][:1].lower() if letters and letters[0] else ""


def initials(name: str) -> str:
    """Pinyin initials of a Chinese name, lower case; other letters are kept as they are."""
    out = []
    for i, char in enumerate(name):
        if i == 0 and char in SURNAME_INITIALS:
            out.append(SURNAME_INITIALS[char])
        elif char.isascii():
            if char.isalnum():
                out.append(char.lower())
        else:
            out.append(_char_initial(char))
    return "".join(out)[:20]


def prefix_range(text: str) -> tuple[str, str]:
    """[low, high) bounds of every string that starts with ``text`` in code-point order — an
    index range scan on both SQLite (binary collation) and PostgreSQL (C.UTF-8 collation)."""
    return text, text[:-1] + chr(ord(text[-1]) + 1)
