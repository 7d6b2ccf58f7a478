"""The Vietnamese catalog is complete: every msgid has a translation and none is a fuzzy guess."""

from __future__ import annotations

import re

from django.utils import translation

from tests.conftest import REPO_ROOT

CATALOG = REPO_ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(
    r'((?:#[^\n]*\n)*)msgid ((?:"[^\n]*"\n)+)(?:msgid_plural (?:"[^\n]*"\n)+)?((?:msgstr(?:\[\d\])? (?:"[^\n]*"\n)+)+)'
)


def po_entries() -> list[tuple[str, str, str]]:
    def unquote(block: str) -> str:
        return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))

    text = CATALOG.read_text(encoding="utf-8")
    return [(comments, unquote(msgid), unquote(msgstr)) for comments, msgid, msgstr in ENTRY.findall(text)]


def test_it_translates_every_message():
    entries = [(c, i, s) for c, i, s in po_entries() if i]
    assert len(entries) > 500
    assert [msgid for _, msgid, msgstr in entries if not msgstr] == []


def test_it_has_no_fuzzy_guesses():
    assert [msgid for comments, msgid, _ in po_entries() if "fuzzy" in comments] == []


def test_it_declares_vietnamese_plural_forms():
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in CATALOG.read_text(encoding="utf-8")


def test_it_serves_vietnamese_by_default(settings):
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
