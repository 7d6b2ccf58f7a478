"""Generators of real .docx and .pdf files from plain conclusion text, for tests.

``docx_from_text`` writes Word's own automatic numbering (``w:numPr`` + ``numbering.xml``) for
lines that start with "I.", "1.", "2.1.", "1)", "a)" or a "-", "+", "•" bullet, so a reader must
recover the labels the way Word draws them; superscript footnote lines become real footnotes.
``pdf_from_text`` typesets the text with WeasyPrint over A4 pages with a running header and
"Trang N" page numbers, as office PDFs have.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPER = str.maketrans(_SUPERSCRIPTS, "0123456789")

# (abstractNumId, [(numFmt, lvlText), ...] per level). High ids: python-docx's template already
# defines abstractNum/num ids from 0 upwards.
_ABSTRACTS = {
    "decimal": (901, [("decimal", "%1."), ("decimal", "%1.%2."), ("decimal", "%1.%2.%3.")]),
    "paren": (902, [("decimal", "%1)")]),
    "roman": (903, [("upperRoman", "%1.")]),
    "letter": (904, [("lowerLetter", "%1)")]),
    "dash": (905, [("bullet", "-")]),
    "plus": (906, [("bullet", "+")]),
    "dot": (907, [("bullet", "\uf0b7")]),  # Word's Symbol-font bullet
}
_LINE = [
    ("roman", re.compile(r"^(?P<n>[IVX]+)\.\s+(?P<t>\S.*)$")),
    ("decimal", re.compile(r"^(?P<n>\d+(?:\.\d+){1,2})\.?\s+(?P<t>\S.*)$")),
    ("decimal", re.compile(r"^(?P<n>\d+)\.\s+(?P<t>\S.*)$")),
    ("paren", re.compile(r"^(?P<n>\d+)\)\s+(?P<t>\S.*)$")),
    ("letter", re.compile(r"^(?P<n>[a-e])\)\s+(?P<t>\S.*)$")),
    ("dash", re.compile(r"^[-–]\s+(?P<t>\S.*)$")),
    ("plus", re.compile(r"^\+\s+(?P<t>\S.*)$")),
    ("dot", re.compile(r"^•\s+(?P<t>\S.*)$")),
]
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman_value(text: str) -> int:
    total = 0
    for i, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        total += -value if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value else value
    return total


@dataclass
class _ListState:
    """Simulates Word's counters so a new w:num (with startOverride) is made only when needed."""

    num_id: int = 0
    counters: dict[int, int] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)

    def next_values(self, level: int) -> list[int]:
        value = self.counters[level] + 1 if level in self.counters else self.starts.get(level, 1)
        return [self.counters.get(k, self.starts.get(k, 1)) for k in range(level)] + [value]

    def take(self, level: int) -> None:
        values = self.next_values(level)
        self.counters[level] = values[-1]
        for deeper in [k for k in self.counters if k > level]:
            del self.counters[deeper]


def _el(tag: str, **attrs: str):  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _add_runs(paragraph, text: str, footnote_ids: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    for i, chunk in enumerate(text.split("**")):
        for piece in re.split(rf"([{_SUPERSCRIPTS}]+)", chunk):
            if not piece:
                continue
            label = piece.translate(_FROM_SUPER)
            if piece[0] in _SUPERSCRIPTS and label in footnote_ids:
                run = _el("w:r")
                r_pr = _el("w:rPr")
                r_pr.append(_el("w:vertAlign", val="superscript"))
                run.append(r_pr)
                run.append(_el("w:footnoteReference", id=str(footnote_ids[label])))
                paragraph._p.append(run)
            else:
                paragraph.add_run(piece).bold = i % 2 == 1


def _footnotes_part(document, notes: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    items = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for note_id, text in notes.items():
        items.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">{"".join(items)}</w:footnotes>'
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def docx_from_text(text: str) -> bytes:
    """A real .docx of ``text``: one paragraph per line, list labels as Word numbering."""
    import docx

    document = docx.Document()
    numbering = document.part.numbering_part.element
    for kind, (abstract_id, levels) in _ABSTRACTS.items():
        abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
        abstract.append(_el("w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel"))
        for ilvl, (fmt, lvl_text) in enumerate(levels):
            lvl = _el("w:lvl", ilvl=str(ilvl))
            lvl.append(_el("w:start", val="1"))
            lvl.append(_el("w:numFmt", val=fmt))
            lvl.append(_el("w:lvlText", val=lvl_text))
            if kind == "dot":
                r_pr = _el("w:rPr")
                r_pr.append(_el("w:rFonts", ascii="Symbol", hAnsi="Symbol", hint="default"))
                lvl.append(r_pr)
            abstract.append(lvl)
        first_num = numbering.find(f"{{{W_NS}}}num")
        if first_num is not None:
            first_num.addprevious(abstract)  # abstractNum elements precede w:num ones
        else:
            numbering.append(abstract)
    next_num = [900]

    def new_num(kind: str, starts: dict[int, int]) -> int:
        next_num[0] += 1
        num = _el("w:num", numId=str(next_num[0]))
        num.append(_el("w:abstractNumId", val=str(_ABSTRACTS[kind][0])))
        for ilvl, start in starts.items():
            override = _el("w:lvlOverride", ilvl=str(ilvl))
            override.append(_el("w:startOverride", val=str(start)))
            num.append(override)
        numbering.append(num)
        return next_num[0]

    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    footnote_ids: dict[str, int] = {}
    notes: dict[int, str] = {}
    body_lines = []
    for line in lines:
        match = re.match(rf"^([{_SUPERSCRIPTS}]+)\s*(\S.*)$", line)
        if match:
            label = match.group(1).translate(_FROM_SUPER)
            footnote_ids[label] = len(footnote_ids) + 1
            notes[footnote_ids[label]] = match.group(2)
        elif line:
            body_lines.append(line)
    states: dict[str, _ListState] = {}
    for line in body_lines:
        kind, body, values = None, line, []
        for candidate, pattern in _LINE:
            match = pattern.match(line)
            if match:
                kind, body = candidate, match.group("t")
                number = match.groupdict().get("n")
                if number:
                    if candidate == "roman":
                        values = [_roman_value(number)]
                    elif candidate == "letter":
                        values = [ord(number) - ord("a") + 1]
                    else:
                        values = [int(part) for part in number.split(".")]
                break
        paragraph = document.add_paragraph()
        _add_runs(paragraph, body, footnote_ids)
        if kind is None:
            continue
        level = max(0, len(values) - 1)
        state = states.get(kind)
        if kind in ("dash", "plus", "dot"):
            if state is None:
                state = states[kind] = _ListState(num_id=new_num(kind, {}))
        elif state is None or state.next_values(level) != values:
            starts = dict(enumerate(values))
            state = states[kind] = _ListState(num_id=new_num(kind, starts), starts=starts)
        state.take(level)
        p_pr = paragraph._p.get_or_add_pPr()
        num_pr = _el("w:numPr")
        num_pr.append(_el("w:ilvl", val=str(level)))
        num_pr.append(_el("w:numId", val=str(state.num_id)))
        p_pr.insert(0, num_pr)
    if notes:
        _footnotes_part(document, notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_from_text(text: str, *, header: str = "Văn bản điện tử — lưu hành nội bộ") -> bytes:
    """An A4 PDF of ``text`` (one paragraph per line) with a running header and 'Trang N' footers."""
    from weasyprint import HTML

    paragraphs = "\n".join(
        f"<p>{html.escape(line.replace('**', ''))}</p>" for line in text.splitlines() if line.strip()
    )
    document = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
    @page {{ size: A4; margin: 22mm 20mm 22mm 30mm;
             @top-center {{ content: "{html.escape(header)}"; font: 9pt "DejaVu Serif"; }}
             @bottom-center {{ content: "Trang " counter(page); font: 9pt "DejaVu Serif"; }} }}
    body {{ font: 13pt/1.35 "DejaVu Serif"; }}
    p {{ margin: 0 0 8pt 0; text-align: left; }}
    </style></head><body>{paragraphs}</body></html>"""
    return HTML(string=document).write_pdf()
