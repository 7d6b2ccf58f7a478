"""Task segmentation (annotation rules 1-3): leaves, headings and inline topic labels."""

from __future__ import annotations

from conclusions.parsing import parse_text

NOTICE = """THÔNG BÁO KẾT LUẬN
Ngày 10/01/2027, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp, nghe các sở, ngành báo cáo và kết luận như sau:
II. NHIỆM VỤ TRONG THỜI GIAN TỚI
1. Giao Sở Xây dựng hoàn thiện hồ sơ dự án đường tỉnh.
2. Về đề nghị của UBND xã Bình An bổ sung vốn cho dự án kè: giao Sở Tài chính tổng hợp, báo cáo UBND tỉnh.
3. Về dự án trường học: Giao các đơn vị sau:
- Sở Giáo dục và Đào tạo hoàn thiện hồ sơ.
- Sở Tài chính bố trí vốn.
"""


def test_it_keeps_an_inline_topic_label_in_a_leaf_item() -> None:
    tasks = parse_text(NOTICE).tasks
    leaf = tasks[1]
    assert leaf.text.startswith("Về đề nghị của UBND xã Bình An")
    assert leaf.first_words == "Về đề nghị của UBND xã Bình An"
    assert (leaf.section, leaf.heading) == ("II.2", "NHIỆM VỤ TRONG THỜI GIAN TỚI")
    assert leaf.responsible == ["Sở Tài chính"]


def test_it_reads_a_topic_label_with_sub_items_as_a_heading() -> None:
    tasks = parse_text(NOTICE).tasks
    assert [task.text for task in tasks[2:]] == ["Sở Giáo dục và Đào tạo hoàn thiện hồ sơ.", "Sở Tài chính bố trí vốn."]
    assert {task.heading for task in tasks[2:]} == {"Về dự án trường học"}
    assert [task.responsible for task in tasks[2:]] == [["Sở Giáo dục và Đào tạo"], ["Sở Tài chính"]]
