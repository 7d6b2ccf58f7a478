"""The pure-Python conclusion parser (no Django): read a Kết luận / Thông báo kết luận and
propose its follow-up plan (tasks, bodies, deadlines) with the reason for each value.

Public API: :func:`parse_document`, :func:`parse_text`, :func:`read_document`, :func:`parse_read`,
:func:`render_outline`, :class:`ParseError`, :class:`TopicRule`, :data:`DEFAULT_TOPIC_RULES`,
:class:`ParsedConclusion`, :class:`ParsedTask`, :class:`DocumentText`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cleanup import clean_paragraphs, split_lines
from .errors import ParseError
from .extraction import extract
from .reading import DEFAULT_MAX_BYTES, read_document
from .schema import DocumentText, Monitoring, ParsedConclusion, ParsedTask, Period, Signer, render_outline
from .topic_rules import DEFAULT_TOPIC_RULES, TopicRule

__all__ = [
    "DEFAULT_TOPIC_RULES",
    "DocumentText",
    "Monitoring",
    "ParseError",
    "ParsedConclusion",
    "ParsedTask",
    "Period",
    "Signer",
    "TopicRule",
    "parse_document",
    "parse_read",
    "parse_text",
    "read_document",
    "render_outline",
]


def parse_read(document: DocumentText, *, topic_rules: Sequence[TopicRule] | None = None) -> ParsedConclusion:
    """Extract the follow-up plan from a document :func:`read_document` already read.

    For a caller that needs the text too (the import keeps it for the review screen): the file
    is read, and a .doc converted by LibreOffice, once. Raises only :class:`ParseError`.
    """
    try:
        parsed = extract(clean_paragraphs(document.paragraphs, document.footnotes), topic_rules=topic_rules)
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParseError("too_large") from exc
    parsed.warnings = document.warnings + parsed.warnings
    return parsed


def parse_document(
    data: bytes,
    filename: str,
    *,
    topic_rules: Sequence[TopicRule] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedConclusion:
    """Read a conclusion file (.docx, .doc, .pdf, .txt, .md) and extract its follow-up plan.

    ``topic_rules=None`` uses :data:`DEFAULT_TOPIC_RULES`. Raises only :class:`ParseError`.
    """
    return parse_read(read_document(data, filename, max_bytes=max_bytes), topic_rules=topic_rules)


def parse_text(text: str, *, topic_rules: Sequence[TopicRule] | None = None) -> ParsedConclusion:
    """Extract the follow-up plan from already-decoded text. Raises only :class:`ParseError`."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty")
    return parse_read(DocumentText(paragraphs=split_lines(text)), topic_rules=topic_rules)
