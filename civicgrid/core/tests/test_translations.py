"""Chinese is the default language; English is one click away; no string is left untranslated."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _joined(block: str, keyword: str) -> str | None:
    """The string after ``keyword`` (``msgid``, ``msgctxt``, ``msgstr[0]`` …), continuation
    lines included; None if the block has no such keyword."""
    match = re.search(rf'^{re.escape(keyword)} "(.*)"\n((?:".*"\n?)*)', block + "\n", re.M)
    if match is None:
        return None
    return match.group(1) + "".join(re.findall(r'^"(.*)"$', match.group(2), re.M))


def po_entries(path: Path) -> list[tuple[object, str, bool]]:
    """(catalogue key, msgstr, fuzzy) for every entry but the header. The key is what the
    compiled catalogue uses: ``context\x04msgid`` for a context, ``(msgid, 0)`` for plurals."""
    entries: list[tuple[object, str, bool]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        block = "\n".join(line for line in block.splitlines() if not line.startswith("#~"))
        fuzzy = bool(re.search(r"^#,.*fuzzy", block, re.M))
        msgid = _joined(block, "msgid")
        if not msgid:
            continue
        context = _joined(block, "msgctxt")
        key: object = f"{context}\x04{msgid}" if context is not None else msgid
        plural = _joined(block, "msgstr[0]")
        if plural is not None:
            key = (key, 0)
        msgstr = plural if plural is not None else (_joined(block, "msgstr") or "")
        entries.append((key, msgstr, fuzzy))
    return entries


def test_every_chinese_string_is_translated() -> None:
    entries = po_entries(PO)
    assert len(entries) > 100
    untranslated = [m for m, s, fuzzy in entries if not s or fuzzy]
    assert not untranslated


def test_compiled_catalogue_matches_the_source() -> None:
    with PO.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = [m for m, s, _ in po_entries(PO) if catalog.get(m) != s]
    assert not stale, f"run `make messages`: {stale[:5]}"


def test_pages_are_chinese_by_default(client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "登录" in page
    assert 'lang="zh-hans"' in page


def test_english_is_available(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in" in page
    assert 'lang="en"' in page


def test_api_messages_follow_the_language(client) -> None:
    assert client.get("/api/regions/").json()["detail"] == "请先登录。"
    english = client.get("/api/regions/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english == "Sign in first."
