"""Accent folding: "Tiến độ" -> "tien do", the one definition both the parser and the app use."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics (đ -> d); white space is left as it is."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")
