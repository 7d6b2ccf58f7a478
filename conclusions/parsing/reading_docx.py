"""Reading .docx: paragraphs and tables in order, Word's automatic numbering recovered, footnotes.

python-docx gives the paragraphs but not the numbers Word draws in front of them ("1.", "a)",
"II.", bullets); those are computed here from ``w:numPr`` and ``numbering.xml``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from .cleanup import to_superscript
from .errors import ParseError
from .schema import DocumentText

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BULLET_TEXT = {"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "o": "•", "§": "•", "": "•"}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """numbering.xml: abstract definitions, num instances and the running counters."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) -> start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        abstract = self.abstract.get(self.nums.get(num_id, ""), {})
        return abstract.get(ilvl)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label Word draws for the next paragraph of list ``num_id`` at level ``ilvl``."""
        level = self.level(num_id, ilvl)
        if level is None or level.fmt == "none":
            return None
        if level.fmt == "bullet":
            text = level.text.strip()
            return "-" if text in {"-", "–", "—", "\uf02d"} else ("+" if text == "+" else _BULLET_TEXT.get(text, "•"))
        counters = self.counters.setdefault(num_id, {})
        start = self.overrides.get((num_id, ilvl), level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level restarts the levels below it

        def value(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            lvl_def = self.level(num_id, lvl) or _Level()
            # A level never used yet shows its start value (Word's behaviour).
            count = counters.get(lvl, self.overrides.get((num_id, lvl), lvl_def.start))
            return format_number(count, lvl_def.fmt)

        return re.sub(r"%(\d)", value, level.text)


def format_number(value: int, fmt: str) -> str:
    """Render a list counter in a Word numFmt (decimal, lowerLetter, upperRoman, ...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(value - 1) % 26] * ((value - 1) // 26 + 1) if value > 0 else str(value)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = to_roman(value)
        return text.lower() if fmt == "lowerRoman" else text
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def to_roman(value: int) -> str:
    """1 -> 'I', 4 -> 'IV', 14 -> 'XIV'."""
    if value <= 0:
        return str(value)
    out = []
    for number, symbol in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out.append(symbol)
            value -= number
    return "".join(out)


def _attr(element, name: str) -> str | None:  # type: ignore[no-untyped-def]
    return None if element is None else element.get(_W + name)


def _load_numbering(document) -> _Numbering:  # type: ignore[no-untyped-def]
    numbering = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    for abstract in root.iter(_W + "abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in abstract.iter(_W + "lvl"):
            ilvl = int(_attr(lvl, "ilvl") or 0)
            start = lvl.find(_W + "start")
            fmt = lvl.find(_W + "numFmt")
            text = lvl.find(_W + "lvlText")
            levels[ilvl] = _Level(
                fmt=_attr(fmt, "val") or "decimal",
                text=_attr(text, "val") if text is not None else "",
                start=int(_attr(start, "val") or 1),
            )
        numbering.abstract[_attr(abstract, "abstractNumId") or ""] = levels
    for num in root.iter(_W + "num"):
        num_id = _attr(num, "numId") or ""
        numbering.nums[num_id] = _attr(num.find(_W + "abstractNumId"), "val") or ""
        for override in num.iter(_W + "lvlOverride"):
            start = override.find(_W + "startOverride")
            if start is not None:
                numbering.overrides[(num_id, int(_attr(override, "ilvl") or 0))] = int(_attr(start, "val") or 1)
    return numbering


def _num_pr(paragraph, styles) -> tuple[str, int] | None:  # type: ignore[no-untyped-def]
    """(numId, ilvl) from the paragraph's own properties or its style's."""
    p_pr = paragraph.find(_W + "pPr")
    num_pr = p_pr.find(_W + "numPr") if p_pr is not None else None
    style_id = _attr(p_pr.find(_W + "pStyle"), "val") if p_pr is not None else None
    if num_pr is None and style_id and style_id in styles:
        num_pr = styles[style_id]
    if num_pr is None:
        return None
    num_id = _attr(num_pr.find(_W + "numId"), "val")
    if not num_id or num_id == "0":
        return None
    return num_id, int(_attr(num_pr.find(_W + "ilvl"), "val") or 0)


def _paragraph_text(paragraph, footnote_labels: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    for element in paragraph.iter():
        tag = element.tag
        if tag == _W + "t":
            parts.append(element.text or "")
        elif tag == _W + "tab":
            parts.append(" ")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "softHyphen":
            continue
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "footnoteReference":
            label = footnote_labels.get(_attr(element, "id") or "")
            if label:
                parts.append(to_superscript(label))
    return "".join(parts)


def _footnotes(document) -> tuple[dict[str, str], dict[str, str]]:  # type: ignore[no-untyped-def]
    """Footnote texts by label and the id -> label map (labels are 1, 2, ... in id order)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            break
    else:
        return {}, {}
    notes: dict[str, str] = {}
    labels: dict[str, str] = {}
    for footnote in root.iter(_W + "footnote"):
        note_id = _attr(footnote, "id") or ""
        if _attr(footnote, "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        label = str(len(labels) + 1)
        labels[note_id] = label
        text = " ".join(_paragraph_text(p, {}).strip() for p in footnote.iter(_W + "p"))
        notes[label] = re.sub(r"\s+", " ", text).strip()
    return notes, labels


def check_container(data: bytes) -> None:
    """Raise the right ParseError for an encrypted (OLE) or broken .docx container."""
    if data.startswith(_OLE_MAGIC):
        # An encrypted OOXML file is an OLE compound file holding an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptionInfo" in data:
            raise ParseError("docx_encrypted")
        raise ParseError("docx_corrupt", "Tệp mang đuôi .docx nhưng là Word cũ (.doc). Hãy lưu lại dưới dạng .docx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names and "[Content_Types].xml" not in names:
                raise ParseError("docx_corrupt")
            bad = archive.testzip()
            if bad:
                raise ParseError("docx_corrupt")
    except zipfile.BadZipFile as exc:
        raise ParseError("docx_corrupt") from exc


def read_docx(data: bytes) -> DocumentText:
    """Read a .docx into paragraphs (numbering labels included) and footnotes."""
    check_container(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on malformed parts
        raise ParseError("docx_corrupt") from exc
    numbering = _load_numbering(document)
    styles: dict[str, object] = {}
    try:
        for style in document.styles.element.iter(_W + "style"):
            p_pr = style.find(_W + "pPr")
            num_pr = p_pr.find(_W + "numPr") if p_pr is not None else None
            if num_pr is not None:
                styles[_attr(style, "styleId") or ""] = num_pr
    except (KeyError, AttributeError):
        pass
    notes, labels = _footnotes(document)
    paragraphs: list[str] = []

    def add_paragraph(paragraph) -> None:  # type: ignore[no-untyped-def]
        text = _paragraph_text(paragraph, labels)
        numbered = _num_pr(paragraph, styles)
        label = numbering.label(*numbered) if numbered else None
        if label:
            text = f"{label} {text.lstrip()}"
        paragraphs.extend(line for line in text.split("\n"))

    body = document.element.body
    for child in body.iterchildren():
        if child.tag == _W + "p":
            add_paragraph(child)
        elif child.tag == _W + "tbl":
            seen: set[int] = set()
            for cell in child.iter(_W + "tc"):
                if id(cell) in seen:
                    continue
                seen.add(id(cell))
                for paragraph in cell.iterchildren(_W + "p"):
                    add_paragraph(paragraph)
    return DocumentText(paragraphs=paragraphs, footnotes=notes, source_format="docx", encoding="utf-8")
