"""PDFs with a text layer (WeasyPrint-made, running header/footer, page numbers) and image-only PDFs."""

from __future__ import annotations

import struct
import zlib

import pytest

from conclusions.parsing import ParseError, parse_document, read_document
from tests.document_builders import pdf_from_text

from .corpus import DEMO


def test_it_drops_running_headers_and_page_numbers_over_pages() -> None:
    text = DEMO.read_text(encoding="utf-8")
    data = pdf_from_text(text, header="Thành ủy Bình Giang — bản điện tử")
    import pdfplumber

    with pdfplumber.open(__import__("io").BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
    document = read_document(data, "demo.pdf")
    joined = "\n".join(document.paragraphs)
    assert "bản điện tử" not in joined
    assert not any(p.startswith("Trang ") for p in document.paragraphs)
    expected = [line.strip() for line in text.splitlines() if line.strip()]
    assert document.paragraphs == expected


def test_it_parses_a_pdf_like_the_text() -> None:
    text = DEMO.read_text(encoding="utf-8")
    from_pdf = parse_document(pdf_from_text(text), "demo.pdf").to_schema()
    from_text = parse_document(text.encode(), "demo.txt").to_schema()
    assert from_pdf == from_text


def test_it_reflows_wrapped_lines_into_paragraphs() -> None:
    long_line = "- " + " ".join(["Đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân"] * 6) + "."
    document = read_document(pdf_from_text("II. Nhiệm vụ\n" + long_line + "\n- Việc thứ hai."), "a.pdf")
    # On a single page a running header cannot be told from content; the body is what matters.
    assert document.paragraphs[-3:] == ["II. Nhiệm vụ", long_line, "- Việc thứ hai."]


def _png(width: int = 40, height: int = 40) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_it_refuses_an_image_only_pdf_as_scanned() -> None:
    import base64

    from weasyprint import HTML

    image = base64.b64encode(_png()).decode()
    data = HTML(string=f'<img src="data:image/png;base64,{image}" style="width:150mm">').write_pdf()
    with pytest.raises(ParseError) as error:
        read_document(data, "scan.pdf")
    assert error.value.code == "pdf_scanned"
    assert "bản scan" in error.value.message


def test_it_reports_a_corrupt_pdf() -> None:
    with pytest.raises(ParseError) as error:
        read_document(b"%PDF-1.7\n garbage without objects", "hong.pdf")
    assert error.value.code in {"pdf_corrupt", "empty"}
