"""Report renderers: one document model (``tracker.reports.document``) laid out four ways.

``report_render(report, fmt)`` builds the document model once and calls the renderer of the
format: ``html`` (print view), ``pdf`` (WeasyPrint, same template), ``docx`` (python-docx),
``xlsx`` (openpyxl).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.reports.document import ReportDocument, document_build

if TYPE_CHECKING:
    from tracker.reports.models import PeriodicReport

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def document_render(doc: ReportDocument, fmt: str) -> bytes:
    """Lay out an already built document model in ``fmt``."""
    if fmt == "pdf":
        from tracker.reports.renderers.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from tracker.reports.renderers.docx import render_docx

        return render_docx(doc)
    if fmt == "xlsx":
        from tracker.reports.renderers.xlsx import render_xlsx

        return render_xlsx(doc)
    if fmt == "html":
        from tracker.reports.renderers.html import render_html

        return render_html(doc, screen=True).encode("utf-8")
    raise ValueError(f"Unknown report format: {fmt!r}")


def report_render(report: PeriodicReport, fmt: str) -> Rendered:
    """Render ``report`` as ``fmt`` (pdf, docx, xlsx or html)."""
    doc = document_build(report)
    return Rendered(document_render(doc, fmt), CONTENT_TYPES[fmt], f"{doc.filename_stem}.{fmt}")
