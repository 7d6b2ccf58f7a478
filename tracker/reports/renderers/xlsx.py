"""Excel (.xlsx): the report's tables for sorting and filtering.

Sheet "Tổng hợp": title lines and the counts per bucket (with the change and the headline
share). Sheet "Phụ lục": one row per task with its group as a column (so filters work), an
auto-filter on the header row, frozen header rows, column widths and wrapped text. The
workbook is written in openpyxl's write-only mode: rows stream out, so thousands of tasks
take little time and memory.
"""

from __future__ import annotations

import io
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from tracker.reports.document import ReportDocument

# Excel column widths are in characters; a character is about 1.6 mm at 11 pt on screen.
CHARS_PER_MM = 1 / 1.6


def render_xlsx(doc: ReportDocument) -> bytes:
    """The report's counts and annex as an Excel workbook."""
    family = doc.profile.font_family
    thin = Side(style="thin", color="000000")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = Workbook(write_only=True)
    # Named styles: one style record shared by thousands of cells.
    body = NamedStyle(
        name="report_cell",
        font=Font(name=family, size=11),
        alignment=Alignment(wrap_text=True, vertical="top"),
        border=grid,
    )
    head = NamedStyle(
        name="report_head",
        font=Font(name=family, size=11, bold=True),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        border=grid,
    )
    title = NamedStyle(name="report_title", font=Font(name=family, size=12, bold=True))
    for style in (body, head, title):
        workbook.add_named_style(style)

    templates: dict[tuple[int, str], WriteOnlyCell] = {}

    def styled(sheet: object, values: list[object], style: str) -> list[WriteOnlyCell]:
        # Resolving a named style per cell is most of the time for thousands of cells: resolve
        # it once per sheet and copy the resolved style record.
        template = templates.get((id(sheet), style))
        if template is None:
            template = templates[(id(sheet), style)] = WriteOnlyCell(sheet)
            template.style = style
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell._style = copy(template._style)
            cells.append(cell)
        return cells

    summary = workbook.create_sheet("Tổng hợp")
    for letter, width in zip("ABCD", (40, 14, 12, 24), strict=True):
        summary.column_dimensions[letter].width = width
    summary.freeze_panes = "A6"
    summary.append(styled(summary, [doc.header.issuer], "report_title"))
    summary.append(styled(summary, [f"{doc.title} {doc.subject}"], "report_title"))
    summary.append([doc.header.place_date])
    summary.append([])
    summary.append(styled(summary, list(doc.counts.columns), "report_head"))
    for row in doc.counts.rows:
        summary.append(styled(summary, [row.label, row.count, row.share, row.change], "report_cell"))
    summary.append(styled(summary, ["Tổng số", doc.counts.total, "100%", ""], "report_head"))
    summary.append([])
    summary.append(styled(summary, [doc.sections[0].emphasis], "report_title"))

    annex = workbook.create_sheet("Phụ lục")
    columns = [doc.annex.columns[0], "Nhóm", *doc.annex.columns[1:]]
    widths = [doc.annex.widths_mm[0], 30.0, *doc.annex.widths_mm[1:]]
    for index, width in enumerate(widths, start=1):
        # Wider than on paper: a spreadsheet is read on screen.
        annex.column_dimensions[get_column_letter(index)].width = max(6.0, width * 2 * CHARS_PER_MM)
    head_row = 3
    last = head_row + doc.annex.row_count
    annex.freeze_panes = f"A{head_row + 1}"
    annex.auto_filter.ref = f"A{head_row}:{get_column_letter(len(columns))}{last}"
    annex.print_title_rows = f"{head_row}:{head_row}"
    annex.page_setup.paperSize = "9"  # A4 in the OOXML paper size table
    annex.page_setup.orientation = "landscape"
    annex.append(styled(annex, [f"{doc.annex.title}: {doc.annex.subtitle}"], "report_title"))
    annex.append([doc.annex.note])
    annex.append(styled(annex, columns, "report_head"))
    for group in doc.annex.groups:
        for row in group.rows:
            cells = row.cells()
            annex.append(styled(annex, [row.stt, group.label, *cells[1:]], "report_cell"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
