"""Reading a document's bytes: choose the reader by extension and content, return its text."""

from __future__ import annotations

from pathlib import PurePath

from .cleanup import split_lines
from .errors import ParseError
from .reading_text import decode_text, looks_binary
from .schema import DocumentText

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".text"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes, filename: str) -> str:
    """'docx', 'doc', 'pdf' or 'text' from the content first (a misnamed file still reads), then the extension."""
    extension = PurePath(filename or "").suffix.lower()
    if data.startswith(b"%PDF-") or (data[:1024].find(b"%PDF-") >= 0 and extension == ".pdf"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(_OLE_MAGIC):
        # A password-protected .docx is an OLE container with an EncryptedPackage stream.
        return "docx" if "EncryptedPackage".encode("utf-16-le") in data else "doc"
    if extension == ".docx":
        return "docx"  # not a zip: the docx reader reports it as corrupt
    if extension == ".pdf":
        return "pdf"
    if extension == ".doc":
        return "doc"
    if extension in TEXT_EXTENSIONS or not extension:
        return "text"
    raise ParseError(
        "unsupported_extension",
        f"Định dạng tệp “{extension}” không được hỗ trợ. Hãy dùng tệp .docx, .doc, .pdf, .txt hoặc .md.",
    )


def read_document(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DocumentText:
    """Read a conclusion file into NFC paragraphs (plus footnotes). Raises :class:`ParseError`."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ParseError("binary")
    data = bytes(data)
    if len(data) > max_bytes:
        raise ParseError(
            "too_large",
            f"Tệp quá lớn ({len(data) / 1048576:.1f} MB); giới hạn là {max_bytes / 1048576:.0f} MB.",
        )
    if not data.strip():
        raise ParseError("empty")
    kind = sniff_format(data, filename)
    try:
        if kind == "pdf":
            from .reading_pdf import read_pdf

            document = read_pdf(data)
        elif kind == "docx":
            from .reading_docx import read_docx

            document = read_docx(data)
        elif kind == "doc":
            from .reading_doc import read_doc

            document = read_doc(data)
        else:
            if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise ParseError("binary")
            text, encoding = decode_text(data)
            document = DocumentText(paragraphs=split_lines(text), source_format="text", encoding=encoding)
    except ParseError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ParseError("too_large") from exc
    except Exception as exc:  # any reader failure on hostile bytes becomes a clean ParseError
        code = {"pdf": "pdf_corrupt", "docx": "docx_corrupt", "doc": "doc_corrupt"}.get(kind, "binary")
        raise ParseError(code) from exc
    if not any(paragraph.strip() for paragraph in document.paragraphs):
        raise ParseError("empty")
    return document
