"""Document-level fields on this project's own conclusions (hand-checked expectations)."""

from __future__ import annotations

import datetime as dt

import pytest

from conclusions.parsing import parse_document, parse_text
from conclusions.parsing.metadata import recipients

from .corpus import DEMO, own_fixtures

FIXTURES = own_fixtures()


@pytest.mark.parametrize(("source", "expected"), FIXTURES, ids=[path.stem for path, _ in FIXTURES])
def test_it_reads_metadata_of_own_conclusions(source, expected) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_document(source.read_bytes(), source.name).to_schema()
    for key in ("doc_kind", "issuer", "meeting_date", "period", "signer", "recipients", "monitoring", "references"):
        assert parsed[key] == expected[key], key


def test_it_reads_the_demo_conclusion() -> None:
    parsed = parse_document(DEMO.read_bytes(), DEMO.name)
    assert parsed.doc_kind == "ket_luan"
    assert parsed.number == "57-KL/TU"
    assert parsed.issuer == "Ban Chấp hành Đảng bộ thành phố Bình Giang"
    assert parsed.meeting_date == dt.date(2026, 1, 8)
    assert parsed.period is not None and parsed.period.label == "năm 2026"
    assert parsed.signer is not None and (parsed.signer.name, parsed.signer.title) == ("Hoàng Văn Thịnh", "BÍ THƯ")
    assert parsed.signer.capacity == "T/M BAN CHẤP HÀNH"
    assert parsed.monitoring is not None and parsed.monitoring.body == "Văn phòng Thành ủy"
    assert parsed.references == ["12-KH/TU", "189-QĐ/TW"]
    assert len(parsed.tasks) >= 18
    assert sum(task.deadline_source == "explicit" for task in parsed.tasks) >= 8
    assert parsed.recipients[0] == "Ban Thường vụ Tỉnh ủy (để b/c)"


def test_it_keeps_the_capacity_line_out_of_the_signer_title() -> None:
    text = (
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n"
        "Ngày 10/3/2024, Chủ tịch UBND huyện chủ trì cuộc họp, sau khi nghe báo cáo, kết luận như sau:\n"
        "1. Giao Phòng Tài chính - Kế hoạch rà soát nguồn vốn trước ngày 30/3/2024.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nĐỗ Văn Nam"
    )
    parsed = parse_document(text.encode(), "tb.txt")
    assert parsed.doc_kind == "thong_bao_ket_luan"
    assert parsed.signer is not None and parsed.signer.title == "CHÁNH VĂN PHÒNG"
    assert parsed.recipients == ["Như trên", "Lưu: VT"]
    assert parsed.tasks[0].responsible == ["Phòng Tài chính - Kế hoạch"]


STATE_NOTICE = """ỦY BAN NHÂN DÂN
TỈNH HÀ NGUYÊN
Số: 12/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nguyên, ngày 14 tháng 01 năm 2027
THÔNG BÁO
{subject}
Ngày 10/01/2027, đồng chí Lê Văn A, Chủ tịch UBND tỉnh chủ trì cuộc họp nghe báo cáo tình hình giải phóng mặt bằng các dự án. Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:
1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát nhu cầu vốn, hoàn thành trước ngày 15/3/2027.
2. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc, báo cáo Chủ tịch UBND tỉnh.
Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.
"""


def test_it_keeps_a_notice_subject_line_in_the_title() -> None:
    subject = (
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp ngày 10/01/2027 về công tác bồi thường, "
        "giải phóng mặt bằng các dự án trọng điểm trên địa bàn tỉnh"
    )
    parsed = parse_text(STATE_NOTICE.format(subject=subject))
    assert parsed.title == f"THÔNG BÁO {subject}"
    assert parsed.doc_kind == "thong_bao_ket_luan"
    assert parsed.issuer == "Văn phòng UBND tỉnh"
    assert parsed.meeting_date == dt.date(2027, 1, 10)
    assert parsed.tasks[0].first_words == "Giao Sở Tài chính chủ trì, phối hợp"


def test_it_reads_a_bare_notice_title_with_a_tb_number_as_a_notice_of_conclusion() -> None:
    parsed = parse_text(STATE_NOTICE.format(subject=""))
    assert parsed.title == "THÔNG BÁO"
    assert parsed.doc_kind == "thong_bao_ket_luan"
    assert parsed.issuer == "Văn phòng UBND tỉnh"


@pytest.mark.parametrize("code", ["PHONG-80", "LAN-72b", "Tú-45", "VP/35b", "(H.12)"])
def test_it_leaves_typist_codes_out_of_the_recipients(code: str) -> None:
    paragraphs = ["Nơi nhận:", "- Các đảng ủy trực thuộc,", "- Lưu Văn phòng Tỉnh ủy.", code]
    assert recipients(paragraphs) == ["Các đảng ủy trực thuộc", "Lưu Văn phòng Tỉnh ủy"]
