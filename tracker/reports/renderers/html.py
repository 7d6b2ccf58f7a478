"""Print view: the report as one HTML page with print CSS for A4, the same layout the PDF uses.

The CSS is generated from the style profile (fonts, sizes, margins, page numbers from page 2,
top centre), so the browser's print and WeasyPrint's PDF agree. ``annex_items`` flattens the
annex into group and row items so the PDF renderer can leave it out when it typesets a long annex itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string

from tracker.reports.document import AnnexRow, ReportDocument
from tracker.reports.profiles import StyleProfile

TEMPLATE = "reports/document.html"


def font_stack(profile: StyleProfile) -> str:
    # Liberation Serif first: metric-compatible with Times New Roman, full Vietnamese, and
    # installed with the server (fonts-liberation2), so the PDF never falls back to another
    # font; browsers without it use Times New Roman.
    return f'"{profile.render_family}", "{profile.font_family}", serif'


def print_css(profile: StyleProfile, *, screen: bool = False) -> str:
    """The CSS of the document for ``profile`` (``screen`` adds the on-screen sheet and toolbar)."""
    m = profile.margins_mm
    s = profile.size
    body = profile.data["body"]
    header = profile.data["header"]
    signature = profile.data["signature"]
    label = profile.data["recipients"]["label_style"]
    fonts = font_stack(profile)
    css = f"""
@page {{
  size: A4 portrait;
  margin: {m["top"]}mm {m["right"]}mm {m["bottom"]}mm {m["left"]}mm;
  @top-center {{ content: counter(page); font-family: {fonts}; font-size: {s("page_number")}pt; vertical-align: bottom; padding-bottom: 4mm; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: {fonts}; font-size: {s("body")}pt; color: #000; }}
body.report {{ margin: 0; line-height: {body["line_spacing"]}; }}
p {{ margin: 0 0 {body["space_after_pt"]}pt 0; }}
table {{ border-collapse: collapse; }}
.doc-header {{ width: 100%; table-layout: fixed; margin-bottom: 8mm; }}
.doc-header td {{ vertical-align: top; text-align: center; padding: 0; }}
.doc-header td.left {{ width: {header["left_width_pct"]}%; }}
.doc-header .superior {{ font-size: {s("superior")}pt; text-transform: uppercase; }}
.doc-header .issuer {{ font-size: {s("issuer")}pt; font-weight: bold; text-transform: uppercase; }}
.doc-header .star {{ font-size: {s("star")}pt; line-height: 1; }}
.doc-header .national {{ font-weight: bold; }}
.doc-header .rule {{ width: 45%; margin: 3pt auto 0 auto; border-top: 0.75pt solid #000; }}  /* clear of the dots below Ộ, Ệ */
.doc-header .number {{ font-size: {s("number")}pt; padding-top: 3pt; }}
.doc-header .place-date {{ font-size: {s("place_date")}pt; font-style: {"italic" if header["place_date_italic"] else "normal"}; padding-top: 3pt; }}
.doc-title {{ font-size: {s("title")}pt; font-weight: bold; text-align: center; margin: 0; }}
.subject {{ font-size: {s("subject")}pt; font-weight: bold; text-align: center; margin: 0 10mm; }}
.subject-rule {{ text-align: center; margin-bottom: 6mm; }}
.para {{ text-align: {body["align"]}; text-indent: {body["first_line_indent_mm"]}mm; }}
.emphasis {{ font-weight: bold; }}
.section {{ font-size: {s("section_heading")}pt; font-weight: bold; margin: 6pt 0 4pt 0; text-indent: {body["first_line_indent_mm"]}mm; }}
.counts {{ width: 100%; font-size: {s("table")}pt; margin: 2pt 0 8pt 0; }}
.counts th, .counts td {{ border: 0.5pt solid #000; padding: 2pt 4pt; }}
.counts th {{ font-weight: bold; text-align: center; }}
.counts td.num {{ text-align: center; }}
.counts tr.total td {{ font-weight: bold; }}
.doc-footer {{ width: 100%; table-layout: fixed; margin-top: 6mm; break-inside: avoid; }}
.doc-footer td {{ vertical-align: top; padding: 0; }}
.doc-footer td.signature {{ width: {signature["width_pct"]}%; text-align: center; font-weight: bold; font-size: {s("signature_capacity")}pt; }}
.doc-footer .sign-space {{ height: 25mm; }}
.doc-footer .sign-name {{ font-size: {s("signature_name")}pt; }}
.recipients-label {{ font-size: {s(label["size_key"])}pt; font-weight: {"bold" if label["bold"] else "normal"}; font-style: {"italic" if label["italic"] else "normal"}; text-decoration: {"underline" if label["underline"] else "none"}; }}
.recipient {{ font-size: {s("recipients")}pt; line-height: 1.15; }}
.annex-start {{ break-before: page; }}
.annex-title, .annex-subtitle {{ font-size: {s("section_heading")}pt; font-weight: bold; text-align: center; margin: 0; }}
.annex-note {{ text-align: center; font-style: italic; margin-bottom: 4mm; }}
.annex-table {{ width: 100%; table-layout: fixed; font-size: {s("annex_table")}pt; line-height: 1.15; }}
.annex-table th, .annex-table td {{ border: 0.5pt solid #000; padding: 1.5pt 2pt; vertical-align: top; overflow-wrap: break-word; }}
.annex-table th {{ text-align: center; font-weight: bold; }}
.annex-table td.stt, .annex-table td.deadline {{ text-align: center; }}
.annex-table td {{ text-align: left; hyphens: manual; }}
.annex-table tr {{ break-inside: avoid; }}
.annex-table tr.group td {{ font-weight: bold; }}
"""
    if screen:
        # On screen: an A4-wide sheet on grey, the toolbar hidden when printing.
        css += f"""
@media screen {{
  html {{ background: #e5e5e5; }}
  body.report {{ background: #fff; max-width: 210mm; box-sizing: border-box; margin: 0 auto;
    padding: {m["top"]}mm {m["right"]}mm {m["bottom"]}mm {m["left"]}mm; box-shadow: 0 0 4px #999; }}
  .toolbar {{ font-family: system-ui, sans-serif; font-size: 14px; margin-bottom: 8mm; display: flex; gap: 1em; }}
  .annex-start {{ margin-top: 15mm; border-top: 1px dashed #999; padding-top: 10mm; }}
}}
@media screen and (max-width: 700px) {{ body.report {{ padding: 4mm; font-size: 12pt; }} .annex-table {{ font-size: 9pt; }} }}
@media print {{ .toolbar {{ display: none; }} }}
"""
    return css


def annex_items(doc: ReportDocument, start: int = 0, stop: int | None = None) -> Iterator[tuple[str, Any]]:
    """("group", label) and ("row", AnnexRow) items for annex rows ``start``..``stop``.

    A slice that begins inside a group repeats the group's label marked "(tiếp)".
    """
    index = 0
    for group in doc.annex.groups:
        first_in_slice = True
        for row in group.rows:
            if index >= start and (stop is None or index < stop):
                if first_in_slice:
                    yield ("group", group.label if row is group.rows[0] else f"{group.label} (tiếp)")
                    first_in_slice = False
                yield ("row", row)
            index += 1


def render_html(
    doc: ReportDocument,
    *,
    screen: bool = True,
    show_main: bool = True,
    annex_start: int = 0,
    annex_stop: int | None = None,
    back_url: str = "",
) -> str:
    """The report (or a slice of its annex) as HTML; ``screen`` adds the print toolbar and sheet look."""
    rows: list[tuple[str, str | AnnexRow]] = list(annex_items(doc, annex_start, annex_stop))
    return render_to_string(
        TEMPLATE,
        {
            "doc": doc,
            "css": print_css(doc.profile, screen=screen),
            "screen": screen,
            "show_main": show_main,
            "annex_rows": rows,
            "annex_heading": annex_start == 0,
            # Widths as plain strings: a localised float ("9,0") is not CSS.
            "annex_columns": [(c, f"{w:g}") for c, w in zip(doc.annex.columns, doc.annex.widths_mm, strict=True)],
            "back_url": back_url,
        },
    )
