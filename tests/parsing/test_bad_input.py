"""Bad input gives a ParseError with a code and a Vietnamese message, never another exception."""

from __future__ import annotations

import pytest

from conclusions.parsing import ParseError, parse_document, parse_text, read_document


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "a.txt", "empty"),
        (b"   \n\t ", "a.txt", "empty"),
        (b"\x00\x01\x02binary\x00junk" * 20, "a.txt", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "anh.png", "unsupported_extension"),
        (b"PK\x03\x04garbage", "a.docx", "docx_corrupt"),
    ],
)
def test_it_refuses_bad_files_with_a_code(data: bytes, filename: str, code: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_document(data, filename)
    assert error.value.code == code
    assert str(error.value) == error.value.message and error.value.message


def test_it_names_the_empty_file_in_vietnamese() -> None:
    with pytest.raises(ParseError) as error:
        read_document(b"", "a.txt")
    assert str(error.value) == "Tệp rỗng: không có nội dung để đọc."


def test_it_refuses_files_over_the_size_limit() -> None:
    with pytest.raises(ParseError) as error:
        parse_document(b"a" * 2000, "a.txt", max_bytes=1000)
    assert error.value.code == "too_large"


def test_it_asks_for_docx_when_libreoffice_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import conclusions.parsing.reading_doc as reading_doc

    monkeypatch.setattr(reading_doc, "soffice_path", lambda: None)
    with pytest.raises(ParseError) as error:
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc")
    assert error.value.code == "doc_needs_conversion"
    assert ".docx" in error.value.message


def test_it_reports_a_document_without_tasks() -> None:
    text = "BÁO CÁO\nTình hình kinh tế - xã hội 6 tháng đầu năm, kết quả đạt được nhiều mặt, tăng trưởng khá.\n"
    with pytest.raises(ParseError) as error:
        parse_text("I. Kết quả đạt được\n" + text)
    assert error.value.code == "no_tasks"


def test_it_refuses_a_broken_doc_when_libreoffice_cannot_convert_it() -> None:
    import shutil

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed (./test installs it when it may)")
    with pytest.raises(ParseError) as error:
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc")
    assert error.value.code == "doc_corrupt"
    assert error.value.message
