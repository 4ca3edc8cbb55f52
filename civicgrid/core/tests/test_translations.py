"""Chinese is the default language; English is one click away; no string is left untranslated."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def po_entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = "#, fuzzy" in block or bool(re.search(r"^#,.*fuzzy", block, re.M))
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgstr")[0], re.M))
        msgstr = (
            "".join(re.findall(r'"(.*)"', block.split("msgstr", 1)[1])) if "msgstr" in block else ""
        )
        if msgid:
            entries.append((msgid, msgstr, fuzzy))
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
