"""Accent-blind text matching: "tien do" finds "tiến độ", "UBND" finds "ubnd"."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def text_fold(value: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse white space."""
    value = unicodedata.normalize("NFD", value or "").replace("đ", "d").replace("Đ", "D")
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", value.lower()).strip()
