"""Plain-text decoding: UTF-8 (BOM or not), UTF-16, Windows-1258, NFD, TCVN3 and VNI."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

from conclusions.parsing import ParseError, read_document
from conclusions.parsing.reading_text import decode_text

SAMPLE = (
    "Ngày 5 tháng 7 năm 2022, Ban Chấp hành Đảng bộ thành phố tổ chức Hội nghị lần thứ 4.\n"
    "- Giao Ủy ban nhân dân thành phố rà soát, đánh giá và báo cáo kết quả trước ngày 15/8/2022.\n"
    "- Tiếp tục đẩy mạnh công tác tuyên truyền, phổ biến pháp luật trong cán bộ, đảng viên."
)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def legacy_bytes(text: str, charmap) -> bytes:  # type: ignore[no-untyped-def]
    """Encode Unicode text with a viparse legacy table (the inverse of its conversion).

    TCVN3 has no upper-case toned letters (a caps font draws the lower-case bytes), so an
    upper-case letter missing from the table is written with its lower-case code.
    """
    reverse: dict[str, str] = {}
    for legacy, unicode_char in charmap.pairs:
        reverse.setdefault(unicode_char, legacy)
    out = []
    for char in unicodedata.normalize("NFC", text):
        out.append(reverse.get(char) or (reverse.get(char.lower()) if not char.isascii() else None) or char)
    return "".join(out).encode("latin-1")


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 writes the five tones as combining marks after a (possibly hatted) base letter."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]),
        unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),
        cp1258_bytes(SAMPLE),
    ],
    ids=["utf8", "utf8-bom", "utf16-le", "utf16-be", "nfd", "cp1258"],
)
def test_it_decodes_unicode_encodings_to_nfc(data: bytes) -> None:
    text, _ = decode_text(data)
    assert text == SAMPLE
    assert unicodedata.is_normalized("NFC", text)


def test_it_converts_vni_text() -> None:
    text, encoding = decode_text(legacy_bytes(SAMPLE, VNI))
    assert encoding == "vni"
    assert text == SAMPLE


def test_it_converts_tcvn3_text_up_to_the_case_of_toned_capitals() -> None:
    text, encoding = decode_text(legacy_bytes(SAMPLE, TCVN3))
    assert encoding == "tcvn3"
    assert text.lower() == SAMPLE.lower()
    assert "Ban Chấp hành Đảng bộ" in text


def test_it_converts_legacy_text_saved_as_utf8() -> None:
    surface = legacy_bytes(SAMPLE, VNI).decode("latin-1").encode("utf-8")
    text, encoding = decode_text(surface)
    assert encoding == "utf-8+vni"
    assert text == SAMPLE


def test_it_leaves_plain_latin_text_alone() -> None:
    english = "Meeting notes: the café and the naïve plan were discussed at length."
    assert decode_text(english.encode("latin-1"))[0] == english


def test_it_reads_a_tcvn3_conclusion_end_to_end() -> None:
    from conclusions.parsing import parse_document

    text = (
        "KẾT LUẬN\nNgày 5 tháng 7 năm 2022, Ban Chấp hành Đảng bộ thành phố họp, thảo luận và kết luận như sau:\n"
        "II. Nhiệm vụ, giải pháp 6 tháng cuối năm 2022\n- Giao Văn phòng Thành ủy hoàn thành báo cáo trong tháng 8/2022.\n"
    )
    parsed = parse_document(legacy_bytes(text, TCVN3), "ket_luan.txt")
    assert parsed.tasks[0].deadline_text == "trong tháng 8/2022"
    assert parsed.tasks[0].deadline is not None and parsed.tasks[0].deadline.isoformat() == "2022-08-31"


def test_it_splits_markdown_into_clean_paragraphs() -> None:
    document = read_document("## **II. NHIỆM VỤ**\n\n- *Tiếp tục* thực hiện\n".encode(), "a.md")
    assert document.paragraphs == ["II. NHIỆM VỤ", "- Tiếp tục thực hiện"]


def test_it_refuses_binary_bytes_as_text() -> None:
    with pytest.raises(ParseError) as error:
        read_document(bytes(range(256)) * 4, "a.txt")
    assert error.value.code == "binary"
