"""Vietnamese dates, periods and deadline phrases (explicit inputs, no clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from conclusions.parsing.deadlines import find_dates, find_deadline, find_period, is_recurring, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày 5 tháng 7 năm 2022, Ban Chấp hành", D(2022, 7, 5)),
        ("họp vào ngày 06/7/2022 để đánh giá", D(2022, 7, 6)),
        ("Ngày 29/6/2021, Thường trực", D(2021, 6, 29)),
        ("không có ngày", None),
        ("ngày 31/4/2022 (sai)", None),
    ],
)
def test_it_parses_meeting_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("nhiệm vụ, giải pháp 6 tháng cuối năm 2022", "6 tháng cuối năm 2022", D(2022, 7, 1), D(2022, 12, 31)),
        ("phương hướng, nhiệm vụ quý II năm 2023.", "quý II năm 2023", D(2023, 4, 1), D(2023, 6, 30)),
        (
            "6 tháng đầu năm; nhiệm vụ, giải pháp 6 tháng cuối năm 2022",
            "6 tháng cuối năm 2022",
            D(2022, 7, 1),
            D(2022, 12, 31),
        ),
        ("kết quả năm 2023; phương hướng, nhiệm vụ năm 2024", "năm 2024", D(2024, 1, 1), D(2024, 12, 31)),
        (
            "Chương trình công tác năm 2022 ... nhiệm vụ 6 tháng cuối năm 2022",
            "6 tháng cuối năm 2022",
            D(2022, 7, 1),
            D(2022, 12, 31),
        ),
        ("nhiệm vụ tháng 9/2024", "tháng 9/2024", D(2024, 9, 1), D(2024, 9, 30)),
    ],
)
def test_it_reads_periods(text: str, label: str, start: dt.date, end: dt.date) -> None:
    period = find_period(text)
    assert period is not None
    assert (period.label, period.start, period.end) == (label, start, end)


def test_it_completes_a_period_without_year_from_the_default() -> None:
    period = find_period("nhiệm vụ 6 tháng đầu năm", default_year=2025)
    assert period is not None and period.end == D(2025, 6, 30)


def test_it_ignores_planning_horizons_as_periods() -> None:
    assert find_period("giai đoạn 2021-2025, nhiệm kỳ 2020-2025") is None


@pytest.mark.parametrize(
    ("text", "date", "phrase"),
    [
        ("Chỉ đạo sơ kết giữa nhiệm kỳ xong trong tháng 5/2023.", D(2023, 5, 31), "xong trong tháng 5/2023"),
        ("hoàn thành trong tháng 7/2021", D(2021, 7, 31), "trong tháng 7/2021"),
        ("diễn tập khu vực phòng thủ vào Quý IV/2022.", D(2022, 12, 31), "vào Quý IV/2022"),
        ("báo cáo trong quý II năm 2023", D(2023, 6, 30), "trong quý II năm 2023"),
        ("hoàn thành hồ sơ trước ngày 15/8.", D(2022, 8, 15), "trước ngày 15/8"),
        ("trình trước ngày 20 tháng 12 năm 2025", D(2025, 12, 20), "trước ngày 20 tháng 12 năm 2025"),
        ("số hóa hồ sơ đến cuối năm 2023", D(2023, 12, 31), "đến cuối năm 2023"),
        ("triển khai tiếp 35 xã nông thôn mới trong năm 2022.", D(2022, 12, 31), "trong năm 2022"),
        ("trình các kỳ họp trong 6 tháng cuối năm.", D(2022, 12, 31), "trong 6 tháng cuối năm"),
        ("xong trong tháng 9 và báo cáo trước ngày 15/8/2022", D(2022, 8, 15), "trước ngày 15/8/2022"),
    ],
)
def test_it_reads_explicit_deadlines(text: str, date: dt.date, phrase: str) -> None:
    found = find_deadline(text, year=2022, not_before=D(2022, 7, 6))
    assert found is not None
    assert (found.date, found.text) == (date, phrase)


@pytest.mark.parametrize(
    "text",
    [
        "Triển khai nhiệm vụ năm 2023 và Chương trình kiểm tra năm 2023.",
        "quy hoạch thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
        "kế hoạch đầu tư trung hạn giai đoạn 2021-2025",
        "bảo đảm nhu cầu tái định cư đến hết nhiệm kỳ 2020 - 2025",
        "kỷ niệm 75 năm ngày Thương binh Liệt sĩ (27/7/1947-27/7/2022)",
        "rà soát các mục tiêu từ nay đến cuối năm 2022",
        "nhiệm vụ năm học 2022 - 2023",
        "tổ chức thi tuyển sinh năm 2022",
    ],
)
def test_it_sets_no_deadline_for_labels_horizons_and_anniversaries(text: str) -> None:
    assert find_deadline(text, year=2022, not_before=D(2022, 7, 1)) is None


def test_it_moves_a_yearless_date_before_the_meeting_to_the_next_year() -> None:
    found = find_deadline("hoàn thành trước ngày 15/01", year=2025, not_before=D(2025, 10, 6))
    assert found is not None and found.date == D(2026, 1, 15)


def test_it_needs_a_year_from_context_for_yearless_phrases() -> None:
    assert find_deadline("trong tháng 7", year=None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiếp tục đẩy mạnh cải cách hành chính.", True),
        ("Duy trì nghiêm chế độ trực sẵn sàng chiến đấu.", True),
        ("thường xuyên kiểm tra việc sử dụng vốn", True),
        ("Tổ chức tổng kết năm học.", False),
    ],
)
def test_it_detects_recurring_duties(text: str, expected: bool) -> None:
    assert is_recurring(text) is expected


@pytest.mark.parametrize(
    ("text", "first_day"),
    [
        ("Trong 2 ngày 15 và 16/12/2026, Ban Chấp hành Đảng bộ tỉnh họp", dt.date(2026, 12, 15)),
        ("Ngày 15, 16/12/2026, Hội nghị", dt.date(2026, 12, 15)),
        ("từ ngày 15 đến ngày 16/12/2026", dt.date(2026, 12, 15)),
        ("từ ngày 15 đến 16/12/2026", dt.date(2026, 12, 15)),
        ("trong các ngày 15-16/12/2026", dt.date(2026, 12, 15)),
        ("ngày 15 và 16 tháng 12 năm 2026", dt.date(2026, 12, 15)),
        ("từ ngày 30/11 đến ngày 01/12/2026", dt.date(2026, 11, 30)),
    ],
)
def test_it_dates_a_span_of_days_by_its_first_day(text: str, first_day: dt.date) -> None:
    assert find_dates(text)[0][0] == first_day
    assert len(find_dates(text)) == 1


def test_it_keeps_two_separate_dates_apart() -> None:
    found = [value for value, _ in find_dates("ngày 16/12/2026 và ngày 20/12/2026")]
    assert found == [dt.date(2026, 12, 16), dt.date(2026, 12, 20)]
