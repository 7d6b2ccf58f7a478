"""Fill empty msgstr entries of a .po catalog from TSV files of "msgid<TAB>msgstr" lines.

Used when adding strings in bulk: `python scripts/po_fill.py locale/vi/LC_MESSAGES/django.po a.tsv b.tsv`.
Entries that already have a translation are left alone; fuzzy flags on filled entries are dropped.
Prints the msgids that are still untranslated.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ENTRY = re.compile(r'((?:#[^\n]*\n)*)msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', re.M)


def po_unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts).encode("raw_unicode_escape").decode("unicode_escape")


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"\n'


def catalog_fill(po_path: Path, translations: dict[str, str]) -> list[str]:
    source = po_path.read_text(encoding="utf-8")
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        comments, msgid_block, msgstr_block = match.groups()
        msgid = po_unquote(msgid_block)
        # makemessages guesses a "fuzzy" translation from a similar msgid; those guesses are
        # often wrong and gettext ignores them anyway, so they count as untranslated.
        fuzzy = "#, fuzzy" in comments or ", fuzzy" in comments
        if not msgid or (po_unquote(msgstr_block) and not fuzzy):
            return match.group(0)
        if msgid in translations:
            comments = re.sub(r"^#, fuzzy\n", "", comments, flags=re.M)
            comments = re.sub(r"^(#,.*), fuzzy", r"\1", comments, flags=re.M)
            comments = re.sub(r"^#\| msgid .*\n", "", comments, flags=re.M)
            return f"{comments}msgid {msgid_block}msgstr {po_quote(translations[msgid])}"
        missing.append(msgid)
        return match.group(0)

    po_path.write_text(ENTRY.sub(fill, source), encoding="utf-8")
    return missing


def main(argv: list[str]) -> int:
    po_path = Path(argv[1])
    translations = {}
    for tsv_path in map(Path, argv[2:]):
        for line in tsv_path.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                msgid, msgstr = line.split("\t", 1)
                translations[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    missing = catalog_fill(po_path, translations)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
