"""Cited document numbers (annotation rule 7)."""

from __future__ import annotations

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
