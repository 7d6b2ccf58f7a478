"""Report rendering benchmark: `python -m bench.bench_reports [--tasks 5000]`.

Builds one office report over N tasks (default 5,000: realistic Vietnamese task texts of
varying length, 40 bodies, 60 headings, results and coordinating bodies) and renders it as
PDF, Word and Excel, each format in its own process so the peak memory (max RSS) is that
format's alone. Timed: building the document model plus rendering, as `report_build` does.

Targets (issue 6): PDF < 10 s, .docx < 5 s, .xlsx < 3 s, peak memory < 500 MB.
The formats render a report made in memory (the compiled snapshot a `PeriodicReport` stores);
the `compile` row times `report_compile` over the same number of tasks in an in-memory SQLite
database, so the whole benchmark needs no database server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time

TARGETS = {"pdf": 10.0, "docx": 5.0, "xlsx": 3.0}
# Compiling the figures from the database is not in the targets; reported for scale.
COMPILE_BUDGET = 10.0
MEMORY_TARGET_MB = 500.0

OPENINGS = [
    "Tập trung chỉ đạo",
    "Đẩy mạnh",
    "Tiếp tục thực hiện có hiệu quả",
    "Rà soát, hoàn thiện",
    "Tăng cường công tác kiểm tra, giám sát việc",
    "Nâng cao chất lượng",
    "Xây dựng kế hoạch và tổ chức triển khai",
]
SUBJECTS = [
    "giải ngân vốn đầu tư công, bảo đảm tiến độ và chất lượng các công trình trọng điểm",
    "chuyển đổi số trong hoạt động của các cơ quan đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể",
    "công tác tuyên truyền, giáo dục chính trị tư tưởng cho cán bộ, đảng viên và Nhân dân",
    "giải phóng mặt bằng các dự án khu công nghiệp, khu đô thị mới trên địa bàn thành phố",
    "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả theo mô hình chính quyền hai cấp",
    "phòng, chống tham nhũng, lãng phí, tiêu cực; xử lý dứt điểm các vụ việc tồn đọng, kéo dài",
    "bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội, phòng cháy, chữa cháy",
]
RESULTS = [
    "Đã ban hành kế hoạch triển khai; tổ chức hội nghị quán triệt tới 100% chi bộ trực thuộc.",
    "Đã hoàn thành 85% khối lượng; dự kiến hoàn thành trong quý tới.",
    "Đang phối hợp với các sở, ngành rà soát hồ sơ, chưa hoàn thành do vướng mắc về thủ tục đất đai.",
    "",
    "Đã kiểm tra 12 tổ chức đảng, 35 đảng viên; kiến nghị khắc phục 8 nội dung.",
]
BUCKETS = ["done_on_time", "done_late", "not_done_within_term", "not_done_overdue", "ongoing"]


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def synthetic_report(tasks: int):
    """An unsaved PeriodicReport with the snapshot of ``tasks`` tasks (as report_compile stores it)."""
    from accounts.models import Office
    from tracker.reports.models import PeriodicReport
    from tracker.reports.profiles import profile_for

    rng = random.Random(6)
    office = Office(
        name="Văn phòng Thành ủy Hòa Bình Xanh",
        superior_name="Đảng bộ tỉnh Sông Hồng",
        place_name="Hòa Bình Xanh",
        committee_name="Ban Chấp hành Đảng bộ thành phố Hòa Bình Xanh",
        report_symbol="BC/VPTU",
    )
    bodies = [f"Cơ quan, đơn vị số {n} của thành phố" for n in range(40)]
    headings = [f"Về lĩnh vực công tác số {n}" for n in range(60)]
    rows = []
    counts = dict.fromkeys(BUCKETS, 0)
    for i in range(tasks):
        bucket = rng.choice(BUCKETS)
        counts[bucket] += 1
        deadline = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
        text = f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)}"
        if rng.random() < 0.5:
            text += f"; {rng.choice(SUBJECTS)}"
        rows.append(
            {
                "id": i + 1,
                "conclusion": "28-KL/TU",
                "heading": headings[i * len(headings) // tasks],
                "text": text,
                "lead": rng.choice(bodies),
                "coordinating": rng.sample(bodies, rng.randint(0, 2)),
                "deadline": None if bucket == "ongoing" else deadline.isoformat(),
                "original_deadline": None if bucket == "ongoing" else deadline.isoformat(),
                "recurring": bucket == "ongoing",
                "bucket": bucket,
                "result": rng.choice(RESULTS),
                "percent": rng.choice([None, 40, 80]),
                "met_original": True if bucket == "done_on_time" else None,
            }
        )
    overdue = [
        {"text": r["text"], "lead": r["lead"], "deadline": r["deadline"], "reason": "Chờ hướng dẫn của cấp trên"}
        for r in rows
        if r["bucket"] == "not_done_overdue"
    ]
    profile = profile_for("party")
    return PeriodicReport(
        office=office,
        kind=PeriodicReport.Kind.CONCLUSION,
        title="BÁO CÁO",
        subject="Kết quả thực hiện Kết luận số 28-KL/TU ngày 05/07/2026 của Ban Chấp hành Đảng bộ thành phố",
        as_of=dt.date(2026, 12, 14),
        achievements="\n".join(f"- {r['lead']}: {r['result']}" for r in rows[:40] if r["result"]),
        proposals="Đề nghị Thường trực Thành ủy chỉ đạo các cơ quan khẩn trương hoàn thành nhiệm vụ quá hạn.",
        signer_capacity="K/T CHÁNH VĂN PHÒNG",
        signer_title="PHÓ CHÁNH VĂN PHÒNG",
        signer_name="Trần Văn An",
        recipients=["Thường trực Thành ủy (để b/c)", "Lưu Văn phòng"],
        style_profile=profile.name,
        style_version=profile.version,
        group_by=PeriodicReport.GroupBy.HEADING,
        task_count=tasks,
        data={
            "as_of": "2026-12-14",
            "counts": counts,
            "total": tasks,
            "previous": None,
            "rows": rows,
            "outcomes": [],
            "overdue": overdue,
        },
    )


def run_compile(tasks: int) -> dict[str, float]:
    """Compile a period report from the database: N published tasks, two progress updates each and
    a submission, in an in-memory SQLite database (the same queries run on PostgreSQL)."""
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    from accounts.models import Office, User
    from conclusions.models import Conclusion
    from tracker.models import Body, BodyMembership, ProgressUpdate, Task
    from tracker.reports.models import BodySubmission, SubmissionItem
    from tracker.reports.services import period_open, report_compile

    rng = random.Random(6)
    office = Office.objects.create(name="Văn phòng Thành ủy Hòa Bình Xanh", place_name="Hòa Bình Xanh")
    staff = User.objects.create(username="vanphong", office=office)
    staff.groups.add(Group.objects.get(name="office_staff"))
    bodies = Body.objects.bulk_create(Body(office=office, name=f"Cơ quan số {n}") for n in range(40))
    conclusion = Conclusion.objects.create(office=office, state="published", number="28-KL/TU")
    built = []
    for i in range(tasks):
        deadline = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
        state = rng.choice(["open", "open", "done", "returned", "awaiting"])
        built.append(
            Task(
                office=office,
                conclusion=conclusion,
                order=i,
                heading=f"Về lĩnh vực số {i * 60 // tasks}",
                text=f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)}",
                lead_body=rng.choice(bodies),
                deadline=deadline,
                original_deadline=deadline,
                state=state,
                completed_on=deadline - dt.timedelta(days=rng.randint(-20, 20)) if state == "done" else None,
            )
        )
    built = Task.objects.bulk_create(built, batch_size=1000)
    Task.coordinating_bodies.through.objects.bulk_create(
        Task.coordinating_bodies.through(task_id=t.pk, body_id=rng.choice(bodies).pk) for t in built[::2]
    )
    ProgressUpdate.objects.bulk_create(
        (
            ProgressUpdate(
                task=t, body_id=t.lead_body_id, author=staff, done_text=rng.choice(RESULTS) or "Đang thực hiện"
            )
            for t in built
            for _ in range(2)
        ),
        batch_size=2000,
    )
    period, _ = period_open(
        actor=staff, office=office, cadence="quarterly", day=dt.date(2026, 11, 1), conclusion=conclusion
    )
    liaison = User.objects.create(username="daumoi", office=office)
    liaison.groups.add(Group.objects.get(name="liaison"))
    BodyMembership.objects.create(user=liaison, body=bodies[0])
    submission = BodySubmission.objects.create(period=period, body=bodies[0], state="submitted")
    SubmissionItem.objects.bulk_create(
        SubmissionItem(submission=submission, task=t, done_text="Đã làm", outcome_text="Đạt kết quả")
        for t in built
        if t.lead_body_id == bodies[0].pk
    )
    start = time.perf_counter()
    report = report_compile(actor=staff, period=period, today=dt.date(2026, 11, 21))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "bytes": len(json.dumps(report.data)), "pages": 0}


def run_one(fmt: str, tasks: int) -> dict[str, float]:
    """Render one format in this process; seconds, peak RSS and size."""
    django_setup()
    from tracker.reports.document import document_build
    from tracker.reports.renderers import document_render

    report = synthetic_report(tasks)
    start = time.perf_counter()
    content = document_render(document_build(report), fmt)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = 0
    if fmt == "pdf":
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(content)).pages)
    return {"seconds": seconds, "peak_mb": peak_mb, "bytes": len(content), "pages": pages}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--one", choices=[*sorted(TARGETS), "compile"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one == "compile":
        print(json.dumps(run_compile(args.tasks)))
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.tasks)))
        return 0
    lines = [
        f"Report over {args.tasks} tasks, Party profile; each step in its own process. `compile`: report_compile "
        "from the database (in-memory SQLite, two progress updates per task; size = the JSON snapshot). "
        "Formats: document model + rendering from a compiled snapshot.",
        "",
        "| format | time (s) | target (s) | peak memory (MB) | size (KB) | pages | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    failed = False
    for fmt in ("compile", "pdf", "docx", "xlsx"):
        out = (
            subprocess.run(
                [sys.executable, "-m", "bench.bench_reports", "--one", fmt, "--tasks", str(args.tasks)],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        result = json.loads(out)
        target = TARGETS.get(fmt, COMPILE_BUDGET)
        ok = result["seconds"] < target and result["peak_mb"] < MEMORY_TARGET_MB
        failed |= not ok
        lines.append(
            f"| {fmt} | {result['seconds']:.2f} | {target:.0f} | {result['peak_mb']:.0f} | "
            f"{result['bytes'] / 1024:.0f} | {result['pages'] or '–'} | {'ok' if ok else 'OVER'} |"
        )
        print(lines[-1], flush=True)
    from bench.results import results_write

    results_write("Periodic reports, 5,000 tasks", "\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
