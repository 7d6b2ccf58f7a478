"""Reading PDFs with a text layer (pdfplumber): running headers/footers and page numbers dropped,
lines re-flowed into paragraphs. An image-only PDF (a scan) is refused with ``pdf_scanned``."""

from __future__ import annotations

import io
import itertools
import re
import statistics
import unicodedata
from collections import Counter

from .errors import ParseError
from .outline import classify, is_caps
from .reading_text import convert_legacy, detect_legacy
from .schema import DocumentText

_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(?:Trang|Page|tr\.)?\s*\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?$", re.I)
_EDGE_LINES = 2  # how many lines at the top and bottom of a page may be running header/footer


def _line_key(text: str) -> str:
    # Page numbers inside a running line differ from page to page: compare without digits.
    return re.sub(r"\d+", "#", text.strip().lower())


def _page_lines(page) -> list[dict]:  # type: ignore[no-untyped-def]
    lines = page.extract_text_lines(layout=False, strip=True, return_chars=False)
    return [line for line in lines if line.get("text", "").strip()]


def read_pdf(data: bytes) -> DocumentText:
    """Read a text-layer PDF into paragraphs in reading order."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise ParseError("pdf_corrupt") from exc
    with pdf:
        pages: list[list[dict]] = []
        images = 0
        widths: list[float] = []
        for page in pdf.pages:
            try:
                pages.append(_page_lines(page))
                images += len(page.images)
                widths.append(float(page.width))
            except Exception as exc:
                raise ParseError("pdf_corrupt") from exc
    if not any(pages):
        if images:
            raise ParseError("pdf_scanned")
        raise ParseError("empty", "Tệp PDF không có nội dung văn bản.")
    pages = _drop_running_lines(pages)
    paragraphs = _reflow(pages)
    text = "\n".join(paragraphs)
    legacy = detect_legacy(text)
    encoding = "pdf"
    if legacy:  # a PDF typeset in a .VnTime / VNI font has the legacy bytes in its text layer
        paragraphs = [convert_legacy(p, legacy) for p in paragraphs]
        encoding = f"pdf+{legacy}"
    paragraphs = [unicodedata.normalize("NFC", p) for p in paragraphs]
    return DocumentText(paragraphs=paragraphs, source_format="pdf", encoding=encoding)


def _drop_running_lines(pages: list[list[dict]]) -> list[list[dict]]:
    """Remove page numbers and lines repeated at the top/bottom of most pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_line_key(line["text"]) for line in edge})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, count in counts.items() if count >= threshold} if len(pages) > 1 else set()
    out = []
    for lines in pages:
        kept = []
        for index, line in enumerate(lines):
            at_edge = index < _EDGE_LINES or index >= len(lines) - _EDGE_LINES
            text = line["text"].strip()
            if at_edge and (_PAGE_NUMBER.match(text) or _line_key(text) in running):
                continue
            kept.append(line)
        out.append(kept)
    return out


def _starts_unit(text: str) -> bool:
    return classify(text).kind != "plain" or bool(re.match(r"^(?:Nơi nhận|T/M|TM\.|K/T|KT\.|TL\.)", text))


def _join(previous: str, text: str) -> str:
    # A document number wrapped at its slash or dash ("12-KH/" + "TU") is one token.
    if re.search(r"\w[/-]$", previous):
        return previous + text
    return f"{previous} {text}"


def _reflow(pages: list[list[dict]]) -> list[str]:
    """Join lines into paragraphs: a new paragraph at a list marker/heading or a wider gap."""
    gaps = [
        b["top"] - a["bottom"]
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if 0 <= b["top"] - a["bottom"] < 40
    ]
    # The tightest gaps are between the lines of one paragraph; paragraph spacing adds to them.
    line_gap = sorted(gaps)[len(gaps) // 10] if gaps else 2.0
    heights = [line["bottom"] - line["top"] for lines in pages for line in lines]
    height = statistics.median(heights) if heights else 10.0
    lefts = [line["x0"] for lines in pages for line in lines]
    left = min(lefts) if lefts else 0.0
    rights = [line["x1"] for lines in pages for line in lines]
    right = max(rights) if rights else 0.0
    paragraphs: list[str] = []
    previous: dict | None = None
    for lines in pages:
        for line in lines:
            text = line["text"].strip()
            new = previous is None or _starts_unit(text)
            if not new and previous is not None:
                same_page = line["top"] > previous["top"]
                gap = line["top"] - previous["bottom"] if same_page else 0.0
                prev_text = previous["text"].strip()
                # Only the last line of a paragraph stops well short of the right margin.
                short_previous = previous["x1"] < right - 0.15 * (right - left)
                new = (
                    (same_page and gap > line_gap + max(2.0, 0.3 * height))
                    or is_caps(prev_text) != is_caps(text)
                    or short_previous
                    or (line["x0"] > left + 15 and prev_text.endswith((".", ":", ";")))
                )
            if new:
                paragraphs.append(text)
            else:
                paragraphs[-1] = _join(paragraphs[-1], text)
            previous = line
    return paragraphs
