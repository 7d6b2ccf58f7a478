"""PDF: WeasyPrint lays out the print view's HTML (same template, same CSS) on A4.

Fonts: Liberation Serif by family name (fontconfig finds the Debian fonts-liberation2 files),
metric-compatible with Times New Roman and covering Vietnamese. Page numbers run from page 2,
top centre. WeasyPrint lays out about a hundred table rows a second, so the annex of a report
over more than ``REPORT_PDF_FAST_ANNEX_ROWS`` tasks is typeset by ``pdf_table`` with the same
geometry and joined to the WeasyPrint pages with pypdf.
"""

from __future__ import annotations

import io

from django.conf import settings

from tracker.reports.document import ReportDocument
from tracker.reports.renderers.html import render_html


def fast_annex_rows() -> int:
    """Above this many annex rows the annex is typeset directly (REPORT_PDF_FAST_ANNEX_ROWS)."""
    return int(getattr(settings, "REPORT_PDF_FAST_ANNEX_ROWS", 200))


def pdf_pages(html: str) -> tuple[bytes, int]:
    """Lay out one HTML document; its PDF bytes and page count."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as a PDF (A4, the profile's margins and fonts, numbered from page 2)."""
    if doc.annex.row_count <= fast_annex_rows():
        content, _pages = pdf_pages(render_html(doc, screen=False))
        return content
    from pypdf import PdfReader, PdfWriter

    from tracker.reports.renderers.pdf_table import annex_pdf

    main, pages = pdf_pages(render_html(doc, screen=False, annex_stop=0))
    annex = annex_pdf(doc, first_page=pages + 1)
    writer = PdfWriter()
    for part in (main, annex):
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": f"{doc.title} {doc.subject}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
