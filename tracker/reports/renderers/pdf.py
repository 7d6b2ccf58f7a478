"""PDF: WeasyPrint lays out the print view's HTML (same template, same CSS) on A4.

Fonts: Liberation Serif by family name (fontconfig finds the Debian fonts-liberation2 files),
metric-compatible with Times New Roman and covering Vietnamese. Page numbers run from page 2,
top centre. A long annex is laid out in slices of ``ANNEX_SLICE_ROWS`` rows, each slice a
separate WeasyPrint document whose page numbers continue the previous one, then the slices
are joined with pypdf: memory stays bounded by one slice instead of the whole report.
"""

from __future__ import annotations

import io

from django.conf import settings

from tracker.reports.document import ReportDocument
from tracker.reports.renderers.html import render_html


def slice_rows() -> int:
    """Annex rows laid out per WeasyPrint document (REPORT_PDF_SLICE_ROWS)."""
    return int(getattr(settings, "REPORT_PDF_SLICE_ROWS", 600))


def pdf_pages(html: str) -> tuple[bytes, int]:
    """Lay out one HTML document; its PDF bytes and page count."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    pages = len(document.pages)
    return document.write_pdf(), pages


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as a PDF (A4, the profile's margins and fonts, numbered from page 2)."""
    total = doc.annex.row_count
    size = slice_rows()
    if total <= size:
        content, _pages = pdf_pages(render_html(doc, screen=False))
        return content
    from pypdf import PdfReader, PdfWriter

    parts: list[bytes] = []
    content, pages = pdf_pages(render_html(doc, screen=False, annex_stop=size))
    parts.append(content)
    for start in range(size, total, size):
        html = render_html(
            doc, screen=False, show_main=False, annex_start=start, annex_stop=start + size, page_from=pages + 1
        )
        content, count = pdf_pages(html)
        parts.append(content)
        pages += count
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": f"{doc.title} {doc.subject}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
