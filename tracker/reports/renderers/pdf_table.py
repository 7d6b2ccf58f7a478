"""The annex of a large report typeset straight into PDF pages, with the print CSS's geometry.

WeasyPrint lays out about a hundred table rows a second; a report over thousands of tasks
would take minutes. For those, the annex pages are written here instead: the same A4 page,
margins, column widths, font (Liberation Serif, embedded whole, with a ToUnicode map so the
text can be copied and searched), sizes, padding, cell borders, bold header row repeated on
every page, bold group rows, and the page number top centre. Lines break at spaces (a word
wider than its column breaks between letters), as the browser does with ``overflow-wrap``.

Vietnamese needs no shaping here: Liberation Serif has a precomposed glyph for every NFC
Vietnamese letter, so one character is one glyph.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pydyf
from fontTools.ttLib import TTFont

from tracker.reports.document import AnnexRow, ReportDocument
from tracker.reports.profiles import StyleProfile

PT_PER_MM = 72 / 25.4
A4 = (210 * PT_PER_MM, 297 * PT_PER_MM)
LINE_HEIGHT = 1.15  # .annex-table line-height in the print CSS
TITLE_LINE_HEIGHT = 1.2  # body line-height
PAD_X, PAD_Y = 2.0, 1.5  # .annex-table cell padding (pt)
BORDER = 0.5
FALLBACK_FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
STYLE_FILES = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}


def font_file(family: str, style: str) -> Path:
    """The font file of ``family`` in ``style`` as fontconfig resolves it (Debian: fonts-liberation2)."""
    try:
        found = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            ["fc-match", "-f", "%{file}", f"{family}:style={STYLE_FILES[style]}"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        if found and Path(found).is_file() and family.replace(" ", "") in Path(found).name:
            return Path(found)
    except (OSError, subprocess.SubprocessError):
        pass
    for directory in FALLBACK_FONT_DIRS:
        candidate = Path(directory) / f"{family.replace(' ', '')}-{STYLE_FILES[style]}.ttf"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"Font {family} {style} not found (install fonts-liberation2)")


@dataclass
class Face:
    """One font file: glyph ids and advances by code point, and the glyphs a document used."""

    key: str
    path: Path
    data: bytes
    units: int
    ascent: float
    descent: float
    bbox: tuple[int, int, int, int]
    glyph: dict[int, int]
    advance: dict[int, int]
    chars: set[str] = field(default_factory=set)  # every character shown, for widths and ToUnicode
    word_cache: dict[str, int] = field(default_factory=dict)
    hex_table: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # str.translate with this table turns text into Identity-H glyph ids at C speed.
        self.hex_table = {cp: f"{gid:04x}" for cp, gid in self.glyph.items()}

    @property
    def used(self) -> dict[int, int]:
        """Glyph id -> code point of every character shown."""
        return {self.glyph.get(ord(ch), 0): ord(ch) for ch in self.chars}

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` at ``size`` points (words cached: tables repeat them a lot)."""
        units = self.word_cache.get(text)
        if units is None:
            advance = self.advance
            units = sum(advance.get(ord(ch), advance.get(0x3F, 500)) for ch in text)
            self.word_cache[text] = units
        return units * size / self.units

    def encode(self, text: str) -> bytes:
        """Glyph ids as a hex string for Identity-H, remembering the characters for widths and ToUnicode."""
        self.chars.update(text)
        encoded = text.translate(self.hex_table)
        if len(encoded) != 4 * len(text):
            # A character the font lacks: show .notdef (glyph 0) for it.
            encoded = "".join(self.hex_table.get(ord(ch), "0000") for ch in text)
        return b"<" + encoded.encode("ascii") + b">"


@cache
def face_source(
    family: str, style: str
) -> tuple[Path, bytes, int, float, float, tuple[int, int, int, int], dict, dict]:
    path = font_file(family, style)
    font = TTFont(str(path), lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    glyph = {cp: font.getGlyphID(name) for cp, name in cmap.items()}
    advance = {cp: hmtx[name][0] for cp, name in cmap.items()}
    head, hhea = font["head"], font["hhea"]
    units = head.unitsPerEm
    bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
    return path, path.read_bytes(), units, hhea.ascent / units, -hhea.descent / units, bbox, glyph, advance


def face_load(family: str, style: str, key: str) -> Face:
    path, data, units, ascent, descent, bbox, glyph, advance = face_source(family, style)
    return Face(key, path, data, units, ascent, descent, bbox, glyph, advance)


def lines_break(face: Face, text: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the column breaks between letters."""
    lines: list[str] = []
    space = face.width(" ", size)
    for paragraph in (text or "").split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split():
            word_width = face.width(word, size)
            if current and current_width + space + word_width <= width:
                current += " " + word
                current_width += space + word_width
                continue
            if current:
                lines.append(current)
            while word_width > width and len(word) > 1:
                # overflow-wrap: break-word, as in the print CSS.
                cut = len(word) - 1
                while cut > 1 and face.width(word[:cut], size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                word_width = face.width(word, size)
            current, current_width = word, word_width
        lines.append(current)
    return lines or [""]


@dataclass
class Cell:
    lines: list[str]
    face: Face
    align: str  # left | center


@dataclass
class Row:
    cells: list[Cell]
    spans: bool = False  # a group row: one cell across the table

    def height(self, leading: float) -> float:
        return max(len(c.lines) for c in self.cells) * leading + 2 * PAD_Y


class PageWriter:
    """Accumulates one page's content stream as raw PDF operators."""

    def __init__(self) -> None:
        self.ops: list[bytes] = []

    def text(self, face: Face, size: float, x: float, y: float, text: str) -> None:
        if text:
            self.ops.append(
                b"BT /%s %.2f Tf %.2f %.2f Td %s Tj ET" % (face.key.encode(), size, x, y, face.encode(text))
            )

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x1, y1, x2, y2))

    def content(self) -> bytes:
        return b"%.2f w 0 g 0 G\n" % BORDER + b"\n".join(self.ops)


class AnnexTypesetter:
    """Lays out the annex of ``doc`` on A4 pages numbered from ``first_page``."""

    def __init__(self, doc: ReportDocument, first_page: int) -> None:
        profile: StyleProfile = doc.profile
        self.doc = doc
        self.first_page = first_page
        family = profile.render_family
        self.regular = face_load(family, "regular", "F1")
        self.bold = face_load(family, "bold", "F2")
        self.italic = face_load(family, "italic", "F3")
        self.size = profile.size("annex_table")
        self.title_size = profile.size("section_heading")
        self.note_size = profile.size("body")
        self.page_number_size = profile.size("page_number")
        self.leading = self.size * LINE_HEIGHT
        m = profile.margins_mm
        self.left = m["left"] * PT_PER_MM
        self.right = A4[0] - m["right"] * PT_PER_MM
        self.top = A4[1] - m["top"] * PT_PER_MM
        self.bottom = m["bottom"] * PT_PER_MM
        self.top_margin = m["top"] * PT_PER_MM
        total = sum(doc.annex.widths_mm)
        scale = (self.right - self.left) / total
        self.widths = [w * scale for w in doc.annex.widths_mm]
        self.pages: list[bytes] = []

    # -- rows

    def cell(self, text: str, width: float, face: Face, align: str) -> Cell:
        return Cell(lines_break(face, text, self.size, width - 2 * PAD_X - BORDER), face, align)

    def header_row(self) -> Row:
        return Row(
            [self.cell(c, w, self.bold, "center") for c, w in zip(self.doc.annex.columns, self.widths, strict=True)]
        )

    def task_row(self, row: AnnexRow) -> Row:
        aligns = ("center", "left", "left", "left", "center", "left", "left")
        return Row(
            [
                self.cell(text, width, self.regular, align)
                for text, width, align in zip(row.cells(), self.widths, aligns, strict=True)
            ]
        )

    def group_row(self, label: str) -> Row:
        return Row([self.cell(label, self.right - self.left, self.bold, "left")], spans=True)

    def items(self) -> Iterator[Row]:
        for group in self.doc.annex.groups:
            yield self.group_row(group.label)
            for row in group.rows:
                yield self.task_row(row)

    # -- drawing

    def baseline(self, face: Face, size: float, leading: float) -> float:
        """Distance from a line box's top to its baseline (half-leading model of CSS)."""
        content = (face.ascent + face.descent) * size
        return (leading - content) / 2 + face.ascent * size

    def draw_row(self, page: PageWriter, row: Row, y: float, lines: slice | None = None) -> float:
        """Draw ``row`` (or some of its lines) with its top at ``y``; returns the bottom."""
        count = max(len(c.lines[lines] if lines else c.lines) for c in row.cells)
        height = count * self.leading + 2 * PAD_Y
        bottom = y - height
        widths = [self.right - self.left] if row.spans else self.widths
        x = self.left
        page.line(self.left, y, self.right, y)
        page.line(self.left, bottom, self.right, bottom)
        page.line(x, y, x, bottom)
        for cell, width in zip(row.cells, widths, strict=True):
            shown = cell.lines[lines] if lines else cell.lines
            for n, text in enumerate(shown):
                base = y - PAD_Y - n * self.leading - self.baseline(cell.face, self.size, self.leading)
                if cell.align == "center":
                    tx = x + (width - cell.face.width(text, self.size)) / 2
                else:
                    tx = x + PAD_X + BORDER / 2
                page.text(cell.face, self.size, tx, base, text)
            x += width
            page.line(x, y, x, bottom)
        return bottom

    def page_start(self, number: int) -> tuple[PageWriter, float]:
        page = PageWriter()
        label = str(number)
        # The @top-center margin box: text bottom 4 mm above the body, centred.
        base = A4[1] - self.top_margin + 4 * PT_PER_MM + self.regular.descent * self.page_number_size
        x = (A4[0] - self.regular.width(label, self.page_number_size)) / 2
        page.text(self.regular, self.page_number_size, x, base, label)
        return page, self.top

    def title_lines(self, page: PageWriter, y: float) -> float:
        annex = self.doc.annex
        for text, face, size in (
            (annex.title, self.bold, self.title_size),
            (annex.subtitle, self.bold, self.title_size),
            (annex.note, self.italic, self.note_size),
        ):
            leading = size * TITLE_LINE_HEIGHT
            for line in lines_break(face, text, size, self.right - self.left):
                base = y - self.baseline(face, size, leading)
                page.text(face, size, (A4[0] - face.width(line, size)) / 2, base, line)
                y -= leading
        return y - 4 * PT_PER_MM

    def layout(self) -> list[bytes]:
        """Every annex page's content stream."""
        number = self.first_page
        page, y = self.page_start(number)
        y = self.title_lines(page, y)
        header = self.header_row()
        y = self.draw_row(page, header, y)
        for row in self.items():
            height = row.height(self.leading)
            if y - height < self.bottom:
                lines_fit = int((y - self.bottom - 2 * PAD_Y) // self.leading)
                whole_page = self.top - header.height(self.leading) - self.bottom
                if height <= whole_page or lines_fit < 1:
                    # break-inside: avoid — the row moves to the next page whole.
                    self.pages.append(page.content())
                    number += 1
                    page, y = self.page_start(number)
                    y = self.draw_row(page, header, y)
                else:
                    # A row taller than a page is split between pages.
                    y = self.draw_row(page, row, y, slice(0, lines_fit))
                    row = Row([Cell(c.lines[lines_fit:] or [""], c.face, c.align) for c in row.cells], row.spans)
                    self.pages.append(page.content())
                    number += 1
                    page, y = self.page_start(number)
                    y = self.draw_row(page, header, y)
            y = self.draw_row(page, row, y)
        self.pages.append(page.content())
        return self.pages


def font_objects(pdf: pydyf.PDF, face: Face) -> pydyf.Dictionary:
    """A Type0/CIDFontType2 font with the whole TrueType file embedded, widths and a ToUnicode map."""
    font_file_stream = pydyf.Stream([face.data], pydyf.Dictionary({"Length1": len(face.data)}), compress=True)
    pdf.add_object(font_file_stream)
    scale = 1000 / face.units
    descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": "/" + face.path.stem.replace("-", ""),
            "Flags": 34,
            "FontBBox": pydyf.Array([round(v * scale) for v in face.bbox]),
            "ItalicAngle": 0,
            "Ascent": round(face.ascent * 1000),
            "Descent": round(-face.descent * 1000),
            "CapHeight": 700,
            "StemV": 80,
            "FontFile2": font_file_stream.reference,
        }
    )
    pdf.add_object(descriptor)
    used = face.used
    by_gid = sorted(used.items())
    advance_of = {face.glyph.get(cp, 0): face.advance.get(cp, 500) for cp in used.values()}
    widths = pydyf.Array()
    for gid, _cp in by_gid:
        widths.extend([gid, pydyf.Array([round(advance_of.get(gid, 500) * scale)])])
    cid_font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": "/" + face.path.stem.replace("-", ""),
            "CIDSystemInfo": pydyf.Dictionary(
                {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
            ),
            "FontDescriptor": descriptor.reference,
            "W": widths,
            "CIDToGIDMap": "/Identity",
        }
    )
    pdf.add_object(cid_font)
    entries = [f"<{gid:04x}> <{cp:04x}>" for gid, cp in by_gid if cp <= 0xFFFF]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )
    to_unicode = pydyf.Stream([cmap.encode("ascii")], compress=True)
    pdf.add_object(to_unicode)
    font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": "/" + face.path.stem.replace("-", ""),
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid_font.reference]),
            "ToUnicode": to_unicode.reference,
        }
    )
    pdf.add_object(font)
    return font


def annex_pdf(doc: ReportDocument, *, first_page: int) -> bytes:
    """The annex as PDF pages numbered from ``first_page``."""
    import io

    setter = AnnexTypesetter(doc, first_page)
    contents = setter.layout()
    pdf = pydyf.PDF()
    faces = [f for f in (setter.regular, setter.bold, setter.italic) if f.chars]
    fonts = pydyf.Dictionary({face.key: font_objects(pdf, face).reference for face in faces})
    resources = pydyf.Dictionary({"Font": fonts})
    pdf.add_object(resources)
    for content in contents:
        stream = pydyf.Stream([content], compress=True)
        pdf.add_object(stream)
        pdf.add_page(
            pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": pdf.pages.reference,
                    "MediaBox": pydyf.Array([0, 0, round(A4[0], 4), round(A4[1], 4)]),
                    "Contents": stream.reference,
                    "Resources": resources.reference,
                }
            )
        )
    out = io.BytesIO()
    pdf.write(out, compress=True)
    return out.getvalue()
