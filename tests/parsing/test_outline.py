"""Classifying paragraphs into headings, items and bullets."""

from __future__ import annotations

from conclusions.parsing.outline import classify


def test_it_reads_a_roman_numeral_heading():
    line = classify("II. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM")
    assert (line.kind, line.label) == ("roman", "II")


def test_it_does_not_take_a_wrapped_quarter_for_a_roman_heading():
    # "… hoàn thành trong Quý" + new line "III/2024." (a PDF line break) is not section III.
    assert classify("III/2024.").kind == "plain"
    assert classify("IV/2025, báo cáo kết quả về Thường trực.").kind == "plain"


def test_it_still_reads_a_slash_roman_heading():
    line = classify("III/ TỔ CHỨC THỰC HIỆN")
    assert (line.kind, line.label) == ("roman", "III")
