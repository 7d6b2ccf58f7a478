"""Cited document numbers (annotation rule 7)."""

from __future__ import annotations

from conclusions.parsing import parse_text
from conclusions.parsing.cleanup import inline_footnotes
from conclusions.parsing.references import find_references


def test_it_lists_references_in_order_without_repeats_or_spaces() -> None:
    text = (
        "theo Kết luận số 28- KL/TU, ngày 27/12/2021; Nghị quyết số 31/2021/QH15 của Quốc hội; "
        "Nghị quyết số 54/NQ-CP thực hiện Nghị quyết 31/2021/QH15; Chương trình số 01-CTr/BTVTUHP-BTVĐUCSSB; "
        "Biên bản số 104-BB/TU; Nghị định 09/2019/NĐ-CP."
    )
    assert find_references(text) == [
        "28-KL/TU",
        "31/2021/QH15",
        "54/NQ-CP",
        "01-CTr/BTVTUHP-BTVĐUCSSB",
        "104-BB/TU",
        "09/2019/NĐ-CP",
    ]


def test_it_leaves_out_bare_numbers_dates_and_labels() -> None:
    text = "Nghị quyết 18, 19 của Ban Thường vụ; ngày 27/7/1947-27/7/2022; vào Quý IV/2022; Covid-19; 2021-2025"
    assert find_references(text) == []


def test_it_excludes_the_documents_own_number() -> None:
    assert find_references("Số 57-KL/TU ... Kế hoạch số 12-KH/TU", exclude={"57-KL/TU"}) == ["12-KH/TU"]


def test_it_lists_footnote_references_at_their_citation_point() -> None:
    text = (
        "KẾT LUẬN\n"
        "Ngày 05/01/2027, Ban Thường vụ Tỉnh ủy họp, nghe báo cáo kết quả thực hiện Chương trình số 03-CTr/TU, "
        "thảo luận và kết luận như sau:\n"
        "II. NHIỆM VỤ, GIẢI PHÁP QUÝ I/2027\n"
        "- Làm tốt công tác tuyên truyền¹ về các ngày lễ lớn.\n"
        "- Thực hiện Quy định số 09-QĐ/TU về kiểm tra, giám sát.\n"
        "¹ Theo Báo cáo số 412-BC/BTGDVTU của Ban Tuyên giáo.\n"
        "² Theo Hướng dẫn số 77-HD/TU.\n"
    )
    assert parse_text(text).references == ["03-CTr/TU", "412-BC/BTGDVTU", "09-QĐ/TU", "77-HD/TU"]


def test_it_writes_each_footnote_once_at_its_first_citation() -> None:
    notes = {"1": "Theo Kế hoạch số 27-KH/ĐU.", "2": "Uncited 5-KL/TU."}
    text = inline_footnotes("A¹ b 12-KL/TU c¹.", notes)
    assert find_references(text) == ["27-KH/ĐU", "12-KL/TU", "5-KL/TU"]
