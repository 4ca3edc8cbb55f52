"""Moderation of what the public reads: personal numbers masked, abusive words held back.

Identity numbers (18 characters, and the old 15-digit ones: a 6-digit area code, a YYMMDD birth
date, 3 digits), mobile numbers (11 digits, optionally +86, written whole or as 3-4-4 groups with
a space or hyphen between them) and landlines with an area code (0 + 2–3 digits, then 7–8
digits) found anywhere in a text are masked. Matching runs on the text's NFKC form, so
full-width digits (１３８…) are found too; the output keeps the original text and only stars the
masked digits, so ``138 1234 5678`` reads ``138 **** 5678`` and ``１３８１２３４５６７８`` reads
``１３８****５６７８``.

Words of the abusive-word list (the setting ``CIVICGRID_INQUIRY_ABUSIVE_WORDS``, or
:data:`DEFAULT_ABUSIVE_WORDS`) hold a question for the operator: a plain substring match of the
NFKC, case-folded text, deliberately simple and predictable.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from django.conf import settings

from civicgrid.core.privacy import mask_id_number

DEFAULT_ABUSIVE_WORDS = (
    "傻逼",
    "傻B",
    "操你",
    "他妈的",
    "狗官",
    "去死",
    "王八蛋",
    "混蛋",
    "贱人",
    "废物",
)

_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # MMDD
_NUMBERS = re.compile(
    # An identity number: 18 characters (the last may be X), or the old 15 digits whose
    # positions 7–12 are a YYMMDD date after an area code (provinces are 11–82): plain amounts,
    # years and longer digit runs are left alone.
    r"(?<![0-9A-Za-z])(?P<id18>\d{17}[\dXx])(?![0-9A-Za-z])"
    rf"|(?<![0-9A-Za-z])(?P<id15>[1-8]\d{{5}}\d{{2}}{_DATE}\d{{3}})(?![0-9A-Za-z])"
    # A mobile: 1[3-9]x, then 4 and 4 digits, each group optionally after a space or hyphen.
    r"|(?<!\d)(?P<mobile>(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)"
    # A landline with its area code: (0731) 2288-1234 masks only the local number's digits.
    r"|(?<!\d)(?P<landline>\(?0\d{2,3}\)?[- ]?)(?P<local>\d{7,8})(?!\d)",
    re.ASCII,
)


def _mask_digits(text: str, keep_first: int, keep_last: int) -> str:
    """``text`` with its digits starred except the first ``keep_first`` and last ``keep_last``;
    separators stay where they are."""
    count = sum(c.isdigit() for c in text)
    seen = 0
    out = []
    for c in text:
        if c.isdigit():
            seen += 1
            if keep_first < seen <= count - keep_last:
                c = "*"
        out.append(c)
    return "".join(out)


def _masked(match: re.Match[str]) -> str:
    if match["id18"]:
        return mask_id_number(match["id18"])
    if match["id15"]:
        # Area code and the 3-digit sequence kept; the whole birth date hidden.
        return _mask_digits(match["id15"], 6, 3)
    if match["mobile"]:
        number = match["mobile"]
        # Keep the country code (when given), then 3 + 4 of the 11 digits: 138****5678.
        prefix_digits = sum(c.isdigit() for c in number) - 11
        return _mask_digits(number, prefix_digits + 3, 4)
    return match["landline"] + _mask_digits(match["local"], 0, 4)


def _normalised(text: str) -> tuple[str, list[int]]:
    """The NFKC form of ``text``, character by character, and where each original character's
    form starts in it (one more entry: the end)."""
    pieces: list[str] = []
    starts: list[int] = []
    length = 0
    for char in text:
        piece = char if char.isascii() else unicodedata.normalize("NFKC", char)
        pieces.append(piece)
        starts.append(length)
        length += len(piece)
    starts.append(length)
    return "".join(pieces), starts


def mask_personal_numbers(text: str) -> str:
    """``text`` with every identity, mobile and landline number masked; everything else as
    written."""
    if not text:
        return text
    normal, starts = _normalised(text)
    out: list[str] = []
    done = 0  # original characters already copied or replaced
    for match in _NUMBERS.finditer(normal):
        # The original characters whose normal forms the match covers.
        first = bisect.bisect_right(starts, match.start()) - 1
        last = bisect.bisect_left(starts, match.end()) - 1
        if first < done:
            continue
        out.append(text[done:first])
        masked = _masked(match)  # as long as the match: digits starred, nothing else changed
        for i in range(first, last + 1):
            piece = "".join(
                masked[j - match.start()] if match.start() <= j < match.end() else normal[j]
                for j in range(starts[i], starts[i + 1])
            )
            # A character the mask leaves alone stays as written (a full-width digit or bracket).
            out.append(text[i] if piece == normal[starts[i] : starts[i + 1]] else piece)
        done = last + 1
    out.append(text[done:])
    return "".join(out)


def abusive_words() -> tuple[str, ...]:
    return tuple(getattr(settings, "CIVICGRID_INQUIRY_ABUSIVE_WORDS", DEFAULT_ABUSIVE_WORDS))


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def find_abusive(*texts: str) -> list[str]:
    """The listed words that occur in any of ``texts`` (case-insensitive, full-width letters
    read as half-width), in list order."""
    joined = _folded("\n".join(texts))
    return [w for w in abusive_words() if _folded(w) in joined]
