"""Excel (.xlsx): the report's tables for sorting and filtering.

Sheet "Tổng hợp": title lines and the counts per bucket (with the change and the headline
share). Sheet "Phụ lục": one row per task with its group as a column (so filters work), an
auto-filter on the header row, frozen header rows, column widths and wrapped text.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from tracker.reports.document import ReportDocument

# Excel column widths are in characters; about 2 mm per character at 11 pt.
MM_PER_CHAR = 2.0


def render_xlsx(doc: ReportDocument) -> bytes:
    """The report's counts and annex as an Excel workbook."""
    family = doc.profile.font_family
    thin = Side(style="thin", color="000000")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = Workbook()
    # One named style for the thousands of annex cells: far cheaper than a style per cell.
    cell_style = NamedStyle(
        name="annex_cell",
        font=Font(name=family, size=11),
        alignment=Alignment(wrap_text=True, vertical="top"),
        border=grid,
    )
    workbook.add_named_style(cell_style)
    bold = Font(name=family, size=12, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    summary = workbook.active
    summary.title = "Tổng hợp"
    summary.append([doc.header.issuer])
    summary.append([f"{doc.title} {doc.subject}"])
    summary.append([doc.header.place_date])
    summary.append([])
    summary.append(list(doc.counts.columns))
    header_row = summary.max_row
    for row in doc.counts.rows:
        summary.append([row.label, row.count, row.share, row.change])
    summary.append(["Tổng số", doc.counts.total, "100%", ""])
    summary.append([])
    summary.append([doc.sections[0].emphasis])
    for cell in summary[1] + summary[2]:
        cell.font = bold
    for cell in summary[header_row]:
        cell.font = bold
        cell.alignment = centre
    for row in summary.iter_rows(min_row=header_row, max_row=header_row + len(doc.counts.rows) + 1, max_col=4):
        for cell in row:
            cell.border = grid
    for letter, width in zip("ABCD", (40, 14, 12, 24), strict=True):
        summary.column_dimensions[letter].width = width
    summary.freeze_panes = f"A{header_row + 1}"

    annex = workbook.create_sheet("Phụ lục")
    annex.append([f"{doc.annex.title}: {doc.annex.subtitle}"])
    annex.append([doc.annex.note])
    columns = [doc.annex.columns[0], "Nhóm", *doc.annex.columns[1:]]
    annex.append(columns)
    head = annex.max_row
    annex["A1"].font = bold
    for cell in annex[head]:
        cell.font = bold
        cell.alignment = centre
        cell.border = grid
    for group in doc.annex.groups:
        for row in group.rows:
            cells = row.cells()
            annex.append([row.stt, group.label, *cells[1:]])
    last = annex.max_row
    for row in annex.iter_rows(min_row=head + 1, max_row=last):
        for cell in row:
            cell.style = "annex_cell"
    widths = [doc.annex.widths_mm[0], 30.0, *doc.annex.widths_mm[1:]]
    for index, width in enumerate(widths, start=1):
        # Wider than on paper: a spreadsheet is read on screen, not at 11 pt on A4.
        annex.column_dimensions[get_column_letter(index)].width = max(6.0, width * 1.6 / MM_PER_CHAR * 2)
    annex.auto_filter.ref = f"A{head}:{get_column_letter(len(columns))}{last}"
    annex.freeze_panes = f"A{head + 1}"
    annex.print_title_rows = f"{head}:{head}"
    annex.page_setup.paperSize = annex.PAPERSIZE_A4
    annex.page_setup.orientation = "landscape"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
