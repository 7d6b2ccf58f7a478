"""Decoding plain-text conclusions: UTF-8/UTF-16/Windows-1258 and legacy TCVN3 (ABC) / VNI.

Legacy detection and the conversion tables come from the pinned ``viparse`` package: a legacy
file decodes (as Latin-1) into the fonts' surface characters, which ``viparse`` maps back.
"""

from __future__ import annotations

import codecs
import unicodedata

from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS, CHARMAPS
from viparse.normalize.frequency import vietnamese_score
from viparse.normalize.tables import convert

from .errors import ParseError

# Letters that only exist in Vietnamese Unicode text; their presence means no legacy encoding.
_VIETNAMESE_ONLY = frozenset(
    "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
)
# A legacy score must beat the plain reading by this much before the text is converted, so
# that good Unicode (or another language) is never "converted" into garbage.
_LEGACY_MARGIN = 0.15


def _vietnamese_letter_share(text: str) -> float:
    # Only letters above Latin-1 count: legacy surfaces are Latin-1 characters (â, ê, õ ...),
    # so those prove nothing, while ư, đ, ạ ... can only come from real Unicode text.
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c in _VIETNAMESE_ONLY and ord(c) > 0xFF) / len(letters)


def looks_binary(data: bytes) -> bool:
    """True when the bytes hold NULs or many control bytes (an image, an executable, ...)."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.02


def detect_legacy(text: str, baseline: float | None = None) -> str | None:
    """Name of the legacy encoding (``"tcvn3"``/``"vni"``) ``text`` is written in, else None.

    Text that already carries Vietnamese-only Unicode letters is left alone; otherwise each
    legacy table is trial-applied and kept only if it clearly improves the Vietnamese score.
    """
    if _vietnamese_letter_share(text) > 0.05:
        return None
    sample = text[:20000]  # the whole document is not needed to recognise its encoding
    base = vietnamese_score(sample) if baseline is None else baseline
    best_name, best_score = None, base + _LEGACY_MARGIN
    for name, charmap in AUTO_DETECT_CHARMAPS.items():
        converted = convert(sample, charmap)
        # A real conversion produces Vietnamese-only letters in quantity.
        if _vietnamese_letter_share(converted) < 0.08:
            continue
        score = vietnamese_score(converted)
        if score > best_score:
            best_name, best_score = name, score
    return best_name


def convert_legacy(text: str, encoding: str) -> str:
    """Convert surface text of a legacy encoding to NFC Unicode via viparse's tables."""
    return convert(text, CHARMAPS[encoding])


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a plain-text document; returns ``(text, encoding_name)``.

    Raises ``ParseError('empty')`` / ``ParseError('binary')``. The text is NFC.
    """
    if not data.strip():
        raise ParseError("empty")
    encoding: str
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ParseError("binary") from exc
    else:
        if looks_binary(data):
            raise ParseError("binary")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_single_byte(data)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    # A legacy file re-saved as UTF-8 still carries the fonts' surface characters.
    legacy = detect_legacy(text)
    if legacy:
        text, encoding = convert_legacy(text, legacy), f"{encoding}+{legacy}"
    if not text.strip():
        raise ParseError("empty")
    if _control_share(text) > 0.02:
        raise ParseError("binary")
    return text, encoding


def _control_share(text: str) -> float:
    sample = text[:8192]
    bad = sum(
        1 for c in sample if (unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\n\t\f") or c == "\ufffd"
    )
    return bad / max(1, len(sample))


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Pick between Windows-1258 and the legacy font encodings for non-UTF-8 bytes."""
    latin = data.decode("latin-1")
    try:
        # cp1258 writes tones as combining marks; NFC composes them.
        native = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        native = latin
    # The legacy reading must beat the Windows-1258 reading, not just the raw bytes.
    legacy = detect_legacy(latin, baseline=vietnamese_score(native[:20000]))
    if legacy:
        return convert_legacy(latin, legacy), legacy
    return native, "cp1258" if native is not latin else "latin-1"
