"""The demo office that ./run loads: an office, a dozen bodies, one user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from accounts.roles import Role
from conclusions.models import Conclusion, TopicRule
from tracker.models import Body, BodyMembership, Task
from tracker.selectors.body_matching import body_match
from tracker.services.imports import ImportResult, conclusion_counts, conclusion_import, conclusion_publish
from tracker.services.review import body_create_from_proposal, draft_tasks_bulk_assign

DEMO_PASSWORD = "theodoi-demo"  # noqa: S105  (printed by ./run; a demo, never production)

DEMO_OFFICE = {
    "name": "Văn phòng Thành ủy Bình Giang",
    "short_name": "VPTU",
    "committee_name": "Ban Chấp hành Đảng bộ thành phố Bình Giang",
    "superior_name": "ĐẢNG BỘ TỈNH AN HÒA",
    "place_name": "Bình Giang",
    "report_symbol": "BC/VPTU",
    "email": "vanphong@binhgiang.example",
}

# (name, short name, aliases, kind, contact e-mail)
DEMO_BODIES: list[tuple[str, str, list[str], str, str]] = [
    ("Văn phòng Thành ủy", "VPTU", ["Văn phòng Thành uỷ"], "party_board", "vptu@binhgiang.example"),
    ("Ban Tổ chức Thành ủy", "BTC", ["Ban Tổ chức"], "party_board", "bantochuc@binhgiang.example"),
    # Since 2025 the propaganda and mass-mobilisation boards are one: Ban Tuyên giáo và Dân vận.
    (
        "Ban Tuyên giáo và Dân vận Thành ủy",
        "BTGDV",
        ["Ban Tuyên giáo Thành ủy", "Ban Dân vận Thành ủy", "Ban Tuyên giáo", "Ban Dân vận"],
        "party_board",
        "bantuyengiaodanvan@binhgiang.example",
    ),
    ("Phòng Văn hóa - Xã hội", "VHXH", ["Phòng Văn hóa Xã hội"], "department", "vhxh@binhgiang.example"),
    (
        "Ủy ban Kiểm tra Thành ủy",
        "UBKT",
        ["UBKT Thành ủy", "Ủy ban Kiểm tra"],
        "party_board",
        "ubkt@binhgiang.example",
    ),
    (
        "Ủy ban nhân dân thành phố",
        "UBND",
        ["UBND thành phố", "Ủy ban nhân dân"],
        "government",
        "ubnd@binhgiang.example",
    ),
    ("Hội đồng nhân dân thành phố", "HĐND", ["HĐND thành phố"], "government", "hdnd@binhgiang.example"),
    (
        "Ủy ban Mặt trận Tổ quốc thành phố",
        "MTTQ",
        ["Mặt trận Tổ quốc", "UBMTTQ thành phố", "Mặt trận Tổ quốc thành phố"],
        "mass_org",
        "mttq@binhgiang.example",
    ),
    ("Ban Chỉ huy Quân sự thành phố", "BCHQS", ["Ban CHQS thành phố"], "armed", "bchqs@binhgiang.example"),
    ("Công an thành phố", "CA", ["Công an"], "armed", "congan@binhgiang.example"),
    ("Phòng Tài chính - Kế hoạch", "TCKH", ["Phòng Tài chính Kế hoạch"], "department", "tckh@binhgiang.example"),
    (
        "Đoàn Thanh niên thành phố",
        "ĐTN",
        ["Thành đoàn", "Đoàn TNCS Hồ Chí Minh thành phố"],
        "mass_org",
        "doanthanhnien@binhgiang.example",
    ),
]

DEMO_TOPIC_RULES = [
    ("kiểm tra, giám sát, kỷ luật đảng", "Ủy ban Kiểm tra Thành ủy"),
    ("tuyên truyền, báo chí, giáo dục chính trị", "Ban Tuyên giáo và Dân vận Thành ủy"),
    ("tổ chức cán bộ, đảng viên, tổ chức cơ sở đảng", "Ban Tổ chức Thành ủy"),
    ("dân vận, dân chủ ở cơ sở", "Ban Tuyên giáo và Dân vận Thành ủy"),
    ("quốc phòng, quân sự, diễn tập", "Ban Chỉ huy Quân sự thành phố"),
    ("an ninh, trật tự, phòng cháy", "Công an thành phố"),
    ("ngân sách, đầu tư công, thu chi", "Phòng Tài chính - Kế hoạch"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    body: str | None


DEMO_LOGINS = [
    DemoLogin("vanphong", Role.OFFICE_STAFF, None),
    DemoLogin("daumoi", Role.LIAISON, "Ban Tuyên giáo và Dân vận Thành ủy"),
    DemoLogin("lanhdao", Role.LEADER, None),
    DemoLogin("kiemtra", Role.INSPECTOR, None),
]

DEMO_NAMES = {
    "vanphong": "Nguyễn Thị Thu Hà",
    "daumoi": "Trần Văn Minh",
    "lanhdao": "Lê Quang Dũng",
    "kiemtra": "Phạm Thị Lan",
}


@transaction.atomic
def demo_office_load() -> Office:
    """Create (or bring up to date) the demo office; running it twice changes nothing."""
    office, _ = Office.objects.get_or_create(name=DEMO_OFFICE["name"], defaults=DEMO_OFFICE)
    for position, (name, short, aliases, kind, email) in enumerate(DEMO_BODIES):
        Body.objects.get_or_create(
            office=office,
            name=name,
            defaults={
                "short_name": short,
                "aliases": aliases,
                "kind": kind,
                "contact_emails": [email],
                "position": position,
            },
        )
    if not TopicRule.objects.filter(office=office).exists():
        TopicRule.objects.bulk_create(
            TopicRule(office=office, keywords=keywords, body_name=body, position=i)
            for i, (keywords, body) in enumerate(DEMO_TOPIC_RULES)
        )
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults={
                "office": office,
                "full_name": DEMO_NAMES[login.username],
                "email": f"{login.username}@binhgiang.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # get_or_create: a flushed test database (transactional tests) has lost the migration-made groups.
        user.groups.add(Group.objects.get_or_create(name=login.role.value)[0])
        if login.body:
            BodyMembership.objects.get_or_create(user=user, body=Body.objects.get(office=office, name=login.body))
    return office


# ---------------------------------------------------------------- the demo conclusion

DEMO_CONCLUSION_PATH = Path(__file__).resolve().parents[2] / "conclusions" / "demo" / "ket_luan_demo.txt"
# Words that start a collective subject ("các cơ quan, đơn vị"), never one body to create.
_COLLECTIVE_STARTS = ("các", "từng", "mọi", "những", "toàn")


def demo_conclusion_load(*, office: Office, path: Path = DEMO_CONCLUSION_PATH) -> ImportResult | None:
    """Import the demo conclusion for the demo office once (its SHA-256 makes a second run a
    no-op), play the office's review and publish it. Returns None when the file is absent.

    The review does what staff would do on the review screen: confirm the bodies the document
    names that the directory lacks, give the remaining rows a lead body (the city's committee
    for socio-economic work, the organisation board for Party building) and the period's end
    as deadline, then publish.
    """
    if not path.is_file():
        return None
    staff = User.objects.filter(office=office, username="vanphong").first()
    result = conclusion_import(actor=staff, office=office, data=path.read_bytes(), filename=path.name)
    conclusion = result.conclusion
    if conclusion.state == Conclusion.State.PUBLISHED:
        return result
    drafts = conclusion.tasks.filter(state=Task.State.DRAFT)
    proposed = {name for task in drafts for name in task.proposed_lead_names}
    for name in sorted(proposed):
        words = name.split()
        if len(words) < 2 or words[0].lower() in _COLLECTIVE_STARTS:
            continue
        if body_match(office=office, name=name) is None:
            body_create_from_proposal(actor=staff, office=office, name=name)
    government = body_match(office=office, name="Ủy ban nhân dân thành phố")
    organisation = body_match(office=office, name="Ban Tổ chức Thành ủy")
    leadless = list(drafts.filter(lead_body__isnull=True))
    party = [task for task in leadless if "đảng" in f"{task.heading} {task.text}".lower()]
    others = [task for task in leadless if task not in party]
    if party and organisation:
        draft_tasks_bulk_assign(actor=staff, tasks=party, lead_body=organisation)
    if others and government:
        draft_tasks_bulk_assign(actor=staff, tasks=others, lead_body=government)
    undated = list(drafts.filter(deadline__isnull=True, recurring=False))
    if undated:
        end = conclusion.period_end or dt.date((conclusion.meeting_date or timezone.localdate()).year, 12, 31)
        draft_tasks_bulk_assign(actor=staff, tasks=undated, deadline=end)
    conclusion_publish(actor=staff, conclusion=conclusion)
    return ImportResult(
        conclusion=conclusion, duplicate=result.duplicate, published=True, **conclusion_counts(conclusion)
    )
