"""Responsible and coordinating bodies (annotation rules 4 and 5), and topic-rule suggestions."""

from __future__ import annotations

import pytest

from conclusions.parsing import DEFAULT_TOPIC_RULES, TopicRule, parse_text
from conclusions.parsing.bodies import assigns_work, find_bodies, split_bodies
from conclusions.parsing.folding import fold
from conclusions.parsing.topic_rules import suggest_body


@pytest.mark.parametrize(
    ("text", "responsible", "coordinating"),
    [
        ("Giao UBND thành phố rà soát đánh giá, dự báo khả năng thực hiện.", ["UBND thành phố"], []),
        ("Các cấp ủy, tổ chức đảng tập trung cao công tác tuyên truyền.", ["Các cấp ủy, tổ chức đảng"], []),
        (
            "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính, UBND các huyện rà soát.",
            ["Sở Kế hoạch và Đầu tư"],
            ["Sở Tài chính", "UBND các huyện"],
        ),
        ("Chỉ đạo cấp ủy cơ sở tổ chức sơ kết giữa nhiệm kỳ.", ["cấp ủy cơ sở"], []),
        (
            "Ban Chấp hành Đảng bộ thành phố ủy quyền Thường trực Thành ủy ký ban hành Nghị quyết.",
            ["Thường trực Thành ủy"],
            [],
        ),
        (
            "Ban Chấp hành Đảng bộ thị xã yêu cầu UBND thị xã, các cơ quan, ban, ngành, đoàn thể, "
            "các Chi, Đảng bộ cơ sở trên cơ sở chức năng có trách nhiệm triển khai.",
            ["UBND thị xã", "các cơ quan, ban, ngành, đoàn thể", "các Chi, Đảng bộ cơ sở"],
            [],
        ),
        ("Sở Giáo dục và Đào tạo chủ trì tổ chức kỳ thi.", ["Sở Giáo dục và Đào tạo"], []),
        ("Giao Sở Giao thông vận tải hoàn thành thủ tục.", ["Sở Giao thông vận tải"], []),
        ("Chỉ đạo đôn đốc, hướng dẫn, tăng cường kiểm tra, giám sát.", [], []),
        ("Tiếp tục chỉ đạo giải quyết các vụ việc do Ban Chỉ đạo Trung ương kiến nghị.", [], []),
        ("Ban hành Quy định về luân chuyển cán bộ.", [], []),
        (
            "Ủy ban Kiểm tra Đảng ủy phường tiến hành kiểm tra 02 chi bộ.",
            ["Ủy ban Kiểm tra Đảng ủy phường"],
            [],
        ),
        ("Công an tỉnh tiến hành rà soát các điểm nóng.", ["Công an tỉnh"], []),
        ("Ban Chấp hành Đảng bộ tỉnh tiến hành bỏ phiếu kỷ luật.", [], []),
        ("Ban Thường vụ Tỉnh ủy tiến hành biểu quyết thông qua Đề án.", [], []),
    ],
)
def test_it_finds_lead_and_coordinating_bodies(text: str, responsible: list[str], coordinating: list[str]) -> None:
    found = find_bodies(text)
    assert (found.responsible, found.coordinating) == (responsible, coordinating)


@pytest.mark.parametrize(
    ("text", "responsible", "coordinating"),
    [
        (
            "Giao Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh khẩn trương lựa chọn nhà thầu.",
            ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"],
            [],
        ),
        (
            "Giao Ban quản lý dự án đầu tư xây dựng tỉnh xây dựng kế hoạch giải ngân.",
            ["Ban quản lý dự án đầu tư xây dựng tỉnh"],
            [],
        ),
        (
            "Ban Quản lý các khu công nghiệp phối hợp với Sở Xây dựng rà soát quy hoạch.",
            ["Ban Quản lý các khu công nghiệp"],
            ["Sở Xây dựng"],
        ),
        ("Các cấp ủy, ủy ban kiểm tra các cấp tăng cường kiểm tra.", ["Các cấp ủy, ủy ban kiểm tra các cấp"], []),
        (
            "Giao Văn phòng Tỉnh ủy chủ trì, phối hợp với các ban, cơ quan tham mưu, giúp việc Tỉnh ủy tham mưu.",
            ["Văn phòng Tỉnh ủy"],
            ["các ban, cơ quan tham mưu, giúp việc Tỉnh ủy"],
        ),
        ("Sở Tài chính tham mưu, giúp UBND tỉnh bố trí vốn.", ["Sở Tài chính"], []),
        (
            "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng và UBND các xã có dự án rà soát nhu cầu vốn.",
            ["Sở Tài chính"],
            ["Sở Xây dựng", "UBND các xã có dự án"],
        ),
        (
            "Yêu cầu Chủ tịch UBND các xã có dự án chịu trách nhiệm về tiến độ.",
            ["Chủ tịch UBND các xã có dự án"],
            [],
        ),
        ("UBND các xã có trách nhiệm rà soát.", ["UBND các xã"], []),
        (
            "Sở Tài chính chủ trì, phối hợp với Chi cục Thuế khu vực 3 rà soát nguồn thu.",
            ["Sở Tài chính"],
            ["Chi cục Thuế khu vực 3"],
        ),
        (
            "Sở Tài nguyên phối hợp với Trung tâm Phát triển quỹ đất tỉnh thực hiện.",
            ["Sở Tài nguyên"],
            ["Trung tâm Phát triển quỹ đất tỉnh"],
        ),
        ("Sở Công Thương phối hợp với Điện lực tỉnh bảo đảm cấp điện.", ["Sở Công Thương"], ["Điện lực tỉnh"]),
        ("Công an tỉnh phối hợp với Biên phòng tỉnh tuần tra.", ["Công an tỉnh"], ["Biên phòng tỉnh"]),
        (
            "Phòng Văn hóa - Xã hội chủ trì, phối hợp với các trường học rà soát cơ sở vật chất.",
            ["Phòng Văn hóa - Xã hội"],
            ["các trường học"],
        ),
        ("Trung tâm Y tế thành phố triển khai tiêm chủng mở rộng.", ["Trung tâm Y tế thành phố"], []),
        ("Phối hợp với các nhà đầu tư tháo gỡ vướng mắc.", [], []),
        (
            "Sở Công Thương phối hợp với Điện lực tỉnh và Viettel tỉnh bảo đảm thông tin liên lạc.",
            ["Sở Công Thương"],
            ["Điện lực tỉnh", "Viettel tỉnh"],
        ),
        ("Sở Nội vụ phối hợp với Công an tỉnh truy bắt tội phạm ở các xã.", ["Sở Nội vụ"], ["Công an tỉnh"]),
        ("Phối hợp với Sở Y tế cấp phát thuốc cho các xã.", [], ["Sở Y tế"]),
        ("Phối hợp với Sở Văn hóa, Thể thao và Du lịch tổ chức lễ hội.", [], ["Sở Văn hóa, Thể thao và Du lịch"]),
    ],
)
def test_it_extends_body_names_to_the_verb_that_ends_them(
    text: str, responsible: list[str], coordinating: list[str]
) -> None:
    found = find_bodies(text)
    assert (found.responsible, found.coordinating) == (responsible, coordinating)


def test_it_splits_addressee_lists_by_rule_four() -> None:
    assert split_bodies(
        "các cấp ủy, chính quyền, các ban, ngành, đoàn thể ở thành phố và từng đồng chí Thành ủy viên"
    ) == [
        "các cấp ủy, chính quyền",
        "các ban, ngành, đoàn thể ở thành phố",
        "từng đồng chí Thành ủy viên",
    ]
    assert split_bodies("Mặt trận Tổ quốc và các tổ chức chính trị - xã hội; UBND tỉnh") == [
        "Mặt trận Tổ quốc",
        "các tổ chức chính trị - xã hội",
        "UBND tỉnh",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giao Ban Tuyên giáo Thành ủy tiếp thu các ý kiến góp ý.", True),
        ("UBND tỉnh có trách nhiệm cụ thể hóa kết luận.", True),
        ("Ban Chấp hành Đảng bộ thành phố thống nhất ban hành Nghị quyết.", False),
        ("Ban Chấp hành tiến hành bỏ phiếu kỷ luật đảng viên.", False),
        ("Đẩy mạnh bàn giao đất cho nhà đầu tư.", False),
    ],
)
def test_it_recognises_work_assigning_statements(text: str, expected: bool) -> None:
    assert assigns_work(text) is expected


def test_it_matches_topic_keywords_without_case_or_diacritics() -> None:
    assert fold("Đảng VIÊN") == "dang vien"
    found = suggest_body("TĂNG CƯỜNG KIEM TRA, GIAM SAT của Đảng", DEFAULT_TOPIC_RULES)
    assert found is not None and found[0].body == "Ủy ban Kiểm tra"
    assert suggest_body("kiểm traxyz", DEFAULT_TOPIC_RULES) is None  # whole words only


CONCLUSION = """KẾT LUẬN
Ngày 5 tháng 7 năm 2022, Ban Chấp hành Đảng bộ huyện họp, thảo luận và thống nhất kết luận như sau:
II. Nhiệm vụ, giải pháp 6 tháng cuối năm 2022
1. Về xây dựng Đảng
a) Giao Ban Tổ chức Huyện ủy:
- Hướng dẫn các chi bộ kiện toàn cấp ủy.
b) Tăng cường kiểm tra, giám sát của Đảng đối với tổ chức đảng.
c) Giao Ủy ban Kiểm tra Huyện ủy kiểm tra việc kê khai tài sản.
d) Sơ kết mô hình sản xuất lúa hữu cơ.
"""


def test_it_labels_body_sources_and_applies_rules_only_without_a_named_body() -> None:
    parsed = parse_text(CONCLUSION)
    sources = [(task.responsible, task.responsible_source) for task in parsed.tasks]
    assert sources == [
        (["Ban Tổ chức Huyện ủy"], "inherited"),
        (["Ủy ban Kiểm tra"], "rule"),
        (["Ủy ban Kiểm tra Huyện ủy"], "explicit"),
        ([], "none"),
    ]
    assert parsed.tasks[1].why_responsible() == "rule: kiểm tra, giám sát"
    assert "Không xác định được cơ quan chủ trì" in parsed.tasks[3].warnings


def test_it_uses_the_office_topic_rules_when_given() -> None:
    rules = [TopicRule(keywords=("lúa", "hữu cơ"), body="Phòng Nông nghiệp")]
    parsed = parse_text(CONCLUSION, topic_rules=rules)
    assert parsed.tasks[3].responsible == ["Phòng Nông nghiệp"]
    assert parsed.tasks[1].responsible_source == "none"


@pytest.mark.parametrize(
    "text",
    [
        "Lắp đặt hệ thống camera giám sát tại các tuyến phố chính.",
        "Bảo đảm cung ứng hàng hóa; tăng cường kiểm tra, kiểm soát an toàn thực phẩm.",
        "Ra quân chỉnh trang đô thị, lập lại trật tự lòng đường, vỉa hè.",
    ],
)
def test_it_does_not_guess_from_a_single_generic_word(text: str) -> None:
    assert suggest_body(text, DEFAULT_TOPIC_RULES) is None


def test_it_guesses_from_a_specific_phrase_and_counts_a_phrase_once() -> None:
    found = suggest_body("Tăng cường công tác kiểm tra, giám sát tổ chức đảng và đảng viên.", DEFAULT_TOPIC_RULES)
    assert found is not None and (found[0].body, found[1]) == ("Ủy ban Kiểm tra", ("kiểm tra, giám sát",))
    found = suggest_body("Giữ vững an ninh, trật tự trên địa bàn.", DEFAULT_TOPIC_RULES)
    assert found is not None and found[0].body == "Công an"


def test_it_breaks_a_tie_by_what_the_task_opens_with() -> None:
    found = suggest_body(
        "Thực hiện tốt các chính sách an sinh xã hội, chăm lo đồng bào dân tộc thiểu số.", DEFAULT_TOPIC_RULES
    )
    assert found is not None and found[0].body == "Ủy ban nhân dân"


def test_it_never_guesses_for_a_task_that_names_a_body() -> None:
    text = CONCLUSION.replace(
        "d) Sơ kết mô hình sản xuất lúa hữu cơ.",
        "d) Phối hợp với Ban Chỉ huy Quân sự huyện chuẩn bị công tác tuyển quân.",
    )
    task = parse_text(text).tasks[3]
    assert task.coordinating == ["Ban Chỉ huy Quân sự huyện"]
    assert (task.responsible, task.responsible_source) == ([], "none")


def test_it_keeps_every_keyword_of_an_office_rule_strong() -> None:
    rules = [TopicRule(keywords=("giám sát",), body="Ban Kiểm tra Đảng ủy")]
    found = suggest_body("Tăng cường công tác giám sát chuyên đề.", rules)
    assert found is not None and found[0].body == "Ban Kiểm tra Đảng ủy"
