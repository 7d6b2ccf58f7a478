"""Word (.docx): the same content in the same order, editable (offices always edit before signing).

python-docx builds A4 pages with the profile's margins, "Times New Roman" as the font name (so
Word uses it; LibreOffice substitutes the metric-compatible Liberation Serif), the two-column
header, title, tables, signature block and Nơi nhận, and a PAGE field top centre from page 2.
The annex rows are cloned from one laid-out row at the XML level: python-docx's add_row is too
slow for thousands of rows.
"""

from __future__ import annotations

import copy
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from tracker.reports.document import ReportDocument
from tracker.reports.profiles import StyleProfile

JUSTIFY = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT}


def font_set(run_or_style: object, profile: StyleProfile, size: float | None = None) -> None:
    """Name the font for every script (Word picks the East-Asian slot for some Vietnamese letters)."""
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = profile.font_family
    if size is not None:
        font.size = Pt(size)
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), profile.font_family)


def para(
    container: object,
    text: str,
    profile: StyleProfile,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    indent: bool = False,
    space_after: float = 0,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Mm(profile.data["body"]["first_line_indent_mm"])
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    font_set(run, profile, size)
    return paragraph


def rule_add(cell: _Cell, width_share: float = 0.45) -> None:
    """A short centred rule under a header line: an empty paragraph with a bottom border, indented."""
    paragraph = cell.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(0)
    indent = Mm(cell.width.mm * (1 - width_share) / 2) if cell.width else Mm(20)
    fmt.left_indent = indent
    fmt.right_indent = indent
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    run = paragraph.add_run()
    run.font.size = Pt(2)


def borders_none(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def cell_clear(cell: _Cell) -> _Cell:
    """A fresh cell comes with one empty paragraph; drop it so content starts at the top."""
    for p in list(cell.paragraphs):
        p._element.getparent().remove(p._element)
    return cell


def widths_set(table: Table, widths_mm: list[float]) -> None:
    """Column widths on the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def header_repeat(row_element: object) -> None:
    tr_pr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def page_number_header(section: object, profile: StyleProfile) -> None:
    """PAGE field top centre, none on the first page."""
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    paragraph = section.header.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    font_set(run, profile, profile.size("page_number"))
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def render_docx(doc: ReportDocument) -> bytes:
    """The report as an editable Word document."""
    profile = doc.profile
    s = profile.size
    body_align = JUSTIFY.get(profile.data["body"]["align"], WD_ALIGN_PARAGRAPH.JUSTIFY)
    space = float(profile.data["body"]["space_after_pt"])
    document = Document()
    normal = document.styles["Normal"]
    font_set(normal, profile, s("body"))
    normal.paragraph_format.line_spacing = profile.data["body"]["line_spacing"]
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    margins = profile.margins_mm
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance = Mm(10)
    page_number_header(section, profile)
    text_width = 210 - margins["left"] - margins["right"]

    # Header block: two columns, no borders.
    left_share = profile.data["header"]["left_width_pct"] / 100
    header = document.add_table(rows=2, cols=2)
    borders_none(header)
    widths_set(header, [text_width * left_share, text_width * (1 - left_share)])
    left, right = cell_clear(header.cell(0, 0)), cell_clear(header.cell(0, 1))
    if doc.header.superior:
        para(left, doc.header.superior, profile, size=s("superior"))
    para(left, doc.header.issuer, profile, size=s("issuer"), bold=True)
    if doc.header.issuer_rule:
        rule_add(left)
    if doc.header.star:
        para(left, doc.header.star, profile, size=s("star"))
    for line in doc.header.national:
        para(right, line.text, profile, size=line.size, bold=line.bold)
        if line.rule_below:
            rule_add(right)
    para(cell_clear(header.cell(1, 0)), doc.header.number_line, profile, size=s("number"))
    italic = bool(profile.data["header"]["place_date_italic"])
    para(cell_clear(header.cell(1, 1)), doc.header.place_date, profile, size=s("place_date"), italic=italic)

    para(document, "", profile, size=s("body"))
    para(document, doc.title, profile, size=s("title"), bold=True)
    para(document, doc.subject, profile, size=s("subject"), bold=True)
    if doc.subject_rule:
        para(document, doc.subject_rule, profile, size=s("subject"), space_after=space)
    para(document, doc.intro, profile, size=s("body"), align=body_align, indent=True, space_after=space)
    for part in doc.sections:
        para(document, part.heading, profile, size=s("section_heading"), bold=True, align=body_align, indent=True)
        for text in part.paragraphs:
            para(document, text, profile, size=s("body"), align=body_align, indent=True, space_after=space)
        if part.counts:
            counts = part.counts
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, label in zip(table.rows[0].cells, counts.columns, strict=True):
                para(cell_clear(cell), label, profile, size=s("table"), bold=True)
            for row in counts.rows:
                cells = table.add_row().cells
                para(cell_clear(cells[0]), row.label, profile, size=s("table"), align=WD_ALIGN_PARAGRAPH.LEFT)
                for cell, value in zip(cells[1:], (str(row.count), row.share, row.change or "–"), strict=True):
                    para(cell_clear(cell), value, profile, size=s("table"))
            cells = table.add_row().cells
            for cell, value in zip(cells, ("Tổng số", str(counts.total), "100%", ""), strict=True):
                para(cell_clear(cell), value, profile, size=s("table"), bold=True)
            widths_set(table, [text_width * 0.45, text_width * 0.15, text_width * 0.15, text_width * 0.25])
            para(document, "", profile, size=4)
        if part.emphasis:
            para(
                document,
                part.emphasis,
                profile,
                size=s("body"),
                bold=True,
                align=body_align,
                indent=True,
                space_after=space,
            )
        for text in part.bullets:
            para(document, f"- {text}", profile, size=s("body"), align=body_align, indent=True, space_after=space)
        for text in part.after:
            para(document, text, profile, size=s("body"), align=body_align, indent=True, space_after=space)
    para(document, doc.closing, profile, size=s("body"), align=body_align, indent=True, space_after=space)

    # Nơi nhận on the left, the signature on the right.
    sign_share = profile.data["signature"]["width_pct"] / 100
    footer = document.add_table(rows=1, cols=2)
    borders_none(footer)
    widths_set(footer, [text_width * (1 - sign_share), text_width * sign_share])
    recipients, signature = cell_clear(footer.cell(0, 0)), cell_clear(footer.cell(0, 1))
    label = profile.data["recipients"]["label_style"]
    label_para = para(
        recipients,
        doc.recipients_label,
        profile,
        size=s(label["size_key"]),
        bold=label["bold"],
        italic=label["italic"],
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    label_para.runs[0].underline = bool(label["underline"])
    for i, name in enumerate(doc.recipients):
        end = "." if i == len(doc.recipients) - 1 else ","
        para(recipients, f"- {name}{end}", profile, size=s("recipients"), align=WD_ALIGN_PARAGRAPH.LEFT)
    if doc.signature.capacity:
        para(signature, doc.signature.capacity, profile, size=s("signature_capacity"), bold=True)
    if doc.signature.title:
        para(signature, doc.signature.title, profile, size=s("signature_capacity"), bold=True)
    for _ in range(4):
        para(signature, "", profile, size=s("signature_name"))
    para(signature, doc.signature.name, profile, size=s("signature_name"), bold=True)

    annex_add(document, doc, text_width)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def annex_add(document: object, doc: ReportDocument, text_width: float) -> None:
    """The annex on a new page: title lines and the table, header row repeated on every page."""
    profile = doc.profile
    s = profile.size
    annex = doc.annex
    breaker = document.add_paragraph()  # type: ignore[attr-defined]
    breaker.add_run().add_break(WD_BREAK.PAGE)
    para(document, annex.title, profile, size=s("section_heading"), bold=True)
    para(document, annex.subtitle, profile, size=s("section_heading"), bold=True)
    para(document, annex.note, profile, size=s("body"), italic=True, space_after=6)
    size = s("annex_table")
    table = document.add_table(rows=3, cols=len(annex.columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    scale = text_width / sum(annex.widths_mm)
    widths = [w * scale for w in annex.widths_mm]
    widths_set(table, widths)
    for cell, label in zip(table.rows[0].cells, annex.columns, strict=True):
        para(cell_clear(cell), label, profile, size=size, bold=True)
    header_repeat(table.rows[0]._tr)
    # Row templates: a group row (one merged cell) and a task row, cloned for every item.
    group_cells = table.rows[1].cells
    merged = group_cells[0].merge(group_cells[-1])
    para(cell_clear(merged), "GROUP", profile, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    aligns = [
        WD_ALIGN_PARAGRAPH.CENTER,
        JUSTIFY["justify"],
        *[WD_ALIGN_PARAGRAPH.LEFT] * 2,
        WD_ALIGN_PARAGRAPH.CENTER,
        JUSTIFY["justify"],
        WD_ALIGN_PARAGRAPH.LEFT,
    ]
    for cell, align in zip(table.rows[2].cells, aligns, strict=True):
        para(cell_clear(cell), "X", profile, size=size, align=align)
    group_tr, row_tr = table.rows[1]._tr, table.rows[2]._tr
    tbl = table._tbl
    tbl.remove(group_tr)
    tbl.remove(row_tr)
    text_tag = qn("w:t")
    for group in annex.groups:
        tr = copy.deepcopy(group_tr)
        tr.iter(text_tag).__next__().text = group.label
        tbl.append(tr)
        for row in group.rows:
            tr = copy.deepcopy(row_tr)
            for element, value in zip(tr.iter(text_tag), row.cells(), strict=True):
                element.text = value
                element.set(qn("xml:space"), "preserve")
            tbl.append(tr)
