"""Word files: automatic numbering recovered from numPr/numbering.xml, tables, footnotes, bad containers."""

from __future__ import annotations

import io
import zipfile

import pytest

from conclusions.parsing import ParseError, parse_document, read_document
from conclusions.parsing.reading_docx import format_number, to_roman
from tests.document_builders import docx_from_text

OUTLINE = """KẾT LUẬN
I. Kết quả
Nội dung kết quả.
II. Nhiệm vụ, giải pháp
1. Về kinh tế
a) Về đầu tư
- Rà soát danh mục dự án.
+ Chi tiết thứ nhất.
• Ý thứ ba.
b) Về thu ngân sách
2. Về xã hội
2.1. Về giáo dục
2.2. Về y tế
3) Mục đánh số kiểu ngoặc
III. Tổ chức thực hiện
1. Giao Văn phòng theo dõi."""


def test_it_recovers_word_numbering_labels() -> None:
    data = docx_from_text(OUTLINE)
    # The labels are not in the text runs: only Word's numbering definitions carry them.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
        assert "II." not in body and "<w:numPr>" in body
        assert "upperRoman" in archive.read("word/numbering.xml").decode()
    assert read_document(data, "k.docx").paragraphs == OUTLINE.split("\n")


def test_it_restarts_numbering_per_list_instance() -> None:
    text = "II. Nhiệm vụ\n1. Một\n2. Hai\nIII. Tổ chức\n1. Lại một\n5. Năm"
    assert read_document(docx_from_text(text), "k.docx").paragraphs == text.split("\n")


def test_it_formats_word_counters() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]
    assert [to_roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert format_number(3, "upperRoman") == "III"
    assert format_number(7, "decimalZero") == "07"


def test_it_reads_tables_and_footnotes() -> None:
    import docx

    data = docx_from_text("KẾT LUẬN\n- Khởi công các dự án trọng điểm¹.\n¹Cầu Lại Xuân; đường tỉnh 352.")
    document = docx.Document(io.BytesIO(data))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ô thứ nhất"
    table.cell(0, 1).text = "Ô thứ hai"
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_document(buffer.getvalue(), "k.docx")
    assert read.footnotes == {"1": "Cầu Lại Xuân; đường tỉnh 352."}
    assert "- Khởi công các dự án trọng điểm¹." in read.paragraphs
    assert read.paragraphs[-2:] == ["Ô thứ nhất", "Ô thứ hai"]


def test_it_attaches_docx_footnotes_to_the_citing_task() -> None:
    text = (
        "KẾT LUẬN\nNgày 5 tháng 7 năm 2022, Ban Chấp hành Đảng bộ huyện họp, thảo luận và thống nhất kết luận như sau:\n"
        "II. Nhiệm vụ, giải pháp\n- Khởi công các dự án trọng điểm¹ trong Quý IV/2022.\n"
        "¹Cầu Lại Xuân; đường tỉnh 352.\n- Tiếp tục cải cách hành chính."
    )
    parsed = parse_document(docx_from_text(text), "k.docx")
    assert parsed.tasks[0].text == "Khởi công các dự án trọng điểm trong Quý IV/2022."
    assert parsed.tasks[0].footnotes == ["Cầu Lại Xuân; đường tỉnh 352."]
    assert len(parsed.tasks) == 2


def test_it_reports_an_encrypted_docx() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    with pytest.raises(ParseError) as error:
        read_document(ole, "mat_khau.docx")
    assert error.value.code == "docx_encrypted"
    assert "mật khẩu" in str(error.value)


@pytest.mark.parametrize("data", [b"PK\x03\x04 broken zip", b"not a zip at all"], ids=["bad-zip", "not-zip"])
def test_it_reports_a_corrupt_docx(data: bytes) -> None:
    with pytest.raises(ParseError) as error:
        read_document(data, "hong.docx")
    assert error.value.code == "docx_corrupt"


def test_it_reports_a_zip_that_is_not_a_word_file() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ParseError) as error:
        read_document(buffer.getvalue(), "k.docx")
    assert error.value.code == "docx_corrupt"
