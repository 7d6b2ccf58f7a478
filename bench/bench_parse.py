"""Parser benchmark: time per corpus document, the whole corpus, and a generated 300-page
conclusion, with peak memory. `python -m bench.bench_parse` writes its RESULTS.md section.

Targets: corpus < 1 s in total, 300 pages < 5 s, peak memory < 300 MB.
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from bench.results import results_write
from conclusions.parsing import parse_document

REPO = Path(__file__).resolve().parents[1]
SECTION = "Conclusion parser"
TARGETS = {"corpus_s": 1.0, "pages300_s": 5.0, "memory_mb": 300.0}
LINES_PER_PAGE = 40


def corpus_files() -> list[Path]:
    """The shared seeds when ../shared exists, plus this project's own fixture conclusions."""
    shared = Path(os.environ.get("THEODOI_SHARED") or REPO / ".." / "shared").resolve()
    files = sorted((shared / "corpus" / "seeds").glob("*.txt")) if shared.is_dir() else []
    files += sorted((REPO / "tests" / "fixtures" / "conclusions").glob("*.txt"))
    files += sorted((REPO / "tests" / "fixtures" / "conclusions").glob("*.md"))
    return [*files, REPO / "conclusions" / "demo" / "ket_luan_demo.txt"]


def generated_conclusion(pages: int = 300) -> str:
    """A long, realistic conclusion: results section, many headings, bullets, deadlines, tail."""
    lines = [
        "KẾT LUẬN",
        "HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ TỈNH LẦN THỨ 9",
        "Về tình hình thực hiện nhiệm vụ năm 2025; phương hướng, nhiệm vụ năm 2026",
        "Ngày 10 tháng 12 năm 2025, Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị lần thứ 9, sau khi thảo luận, "
        "Hội nghị kết luận như sau:",
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025",
        "Kinh tế tăng trưởng khá, thu ngân sách đạt 108% dự toán, an sinh xã hội được bảo đảm.",
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
    ]
    heading = 0
    while len(lines) < pages * LINES_PER_PAGE:
        heading += 1
        lines.append(f"{heading}. Về lĩnh vực công tác thứ {heading}")
        for item in range(1, 9):
            month = (heading + item) % 12 + 1
            lines.append(
                f"- Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính, UBND các huyện rà soát "
                f"nội dung {heading}.{item} theo Kế hoạch số {heading}-KH/TU, hoàn thành trong tháng {month}/2026."
            )
            lines.append("Đồng thời tăng cường kiểm tra, giám sát, kịp thời tháo gỡ khó khăn, vướng mắc.")
    lines += [
        "III. TỔ CHỨC THỰC HIỆN",
        "Giao Văn phòng Tỉnh ủy theo dõi, đôn đốc và định kỳ báo cáo Ban Thường vụ Tỉnh ủy.",
        "Nơi nhận:",
        "- Ban Bí thư Trung ương Đảng (b/c),",
        "- Lưu Văn phòng Tỉnh ủy.",
        "T/M BAN CHẤP HÀNH",
        "BÍ THƯ",
        "Nguyễn Văn An",
    ]
    return "\n".join(lines) + "\n"


def timed(data: bytes, name: str) -> tuple[float, int]:
    start = time.perf_counter()
    parsed = parse_document(data, name)
    return time.perf_counter() - start, len(parsed.tasks)


def main() -> int:
    rows = []
    corpus_total = 0.0
    for path in corpus_files():
        seconds, tasks = timed(path.read_bytes(), path.name)
        corpus_total += seconds
        rows.append(f"| {path.name} | {path.stat().st_size / 1024:.1f} KB | {tasks} | {seconds * 1000:.1f} ms |")
    big = generated_conclusion().encode("utf-8")
    big_seconds, big_tasks = timed(big, "generated_300_pages.txt")
    # Memory in a second run: tracemalloc slows Python down many times, so it must not be timed.
    tracemalloc.start()
    timed(big, "generated_300_pages.txt")
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    memory_mb = max(traced_peak / 1048576, rss_mb)
    checks = {
        "corpus_s": corpus_total,
        "pages300_s": big_seconds,
        "memory_mb": memory_mb,
    }
    verdict = {key: "ok" if value < TARGETS[key] else "OVER" for key, value in checks.items()}
    markdown = "\n".join(
        [
            "| document | size | tasks | parse time |",
            "|---|---|---|---|",
            *rows,
            "",
            f"- Corpus total: **{corpus_total:.3f} s** for {len(rows)} documents (target < 1 s: {verdict['corpus_s']})",
            f"- Generated 300-page conclusion ({len(big) / 1048576:.1f} MB, {big_tasks} tasks): "
            f"**{big_seconds:.2f} s** (target < 5 s: {verdict['pages300_s']})",
            f"- Peak memory: **{memory_mb:.0f} MB** (max of process RSS {rss_mb:.0f} MB and traced "
            f"{traced_peak / 1048576:.0f} MB; target < 300 MB: {verdict['memory_mb']})",
        ]
    )
    results_write(SECTION, markdown)
    print(markdown)
    return 0 if all(value == "ok" for value in verdict.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
