"""A small published conclusion with tasks in every bucket, two bodies with liaisons, and a period."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from accounts.roles import Role
from tests.factories import BodyFactory, ConclusionFactory, MembershipFactory, OfficeFactory, TaskFactory, UserFactory
from tracker.models import Task
from tracker.reports.services import period_open

TODAY = dt.date(2026, 11, 21)

TASK_TEXTS = [
    # (text, heading, lead key, state, deadline, completed_on, recurring)
    (
        "Hoàn thành quy hoạch chung đô thị Hòa Bình Xanh đến năm 2045, tầm nhìn đến năm 2065",
        "Về phát triển kinh tế",
        "ubnd",
        "done",
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 20),
        False,
    ),
    (
        "Đẩy nhanh tiến độ giải ngân vốn đầu tư công, phấn đấu đạt trên 95% kế hoạch",
        "Về phát triển kinh tế",
        "ubnd",
        "done",
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 10),
        False,
    ),
    (
        "Tổ chức tuyên truyền sâu rộng kết quả Hội nghị lần thứ tư Ban Chấp hành Đảng bộ thành phố",
        "Về công tác tuyên giáo",
        "btg",
        "open",
        dt.date(2026, 12, 31),
        None,
        False,
    ),
    (
        "Tham mưu sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Về công tác tuyên giáo",
        "btg",
        "open",
        dt.date(2026, 10, 15),
        None,
        False,
    ),
    (
        "Thường xuyên nắm bắt tình hình tư tưởng của cán bộ, đảng viên và Nhân dân",
        "Về công tác tuyên giáo",
        "btg",
        "open",
        None,
        None,
        True,
    ),
]


@pytest.fixture
def world(db):
    office = OfficeFactory(
        name="Văn phòng Thành ủy Hòa Bình Xanh",
        short_name="VPTU",
        superior_name="Đảng bộ tỉnh Sông Hồng",
        committee_name="Ban Chấp hành Đảng bộ thành phố Hòa Bình Xanh",
        place_name="Hòa Bình Xanh",
        report_symbol="BC/VPTU",
    )
    ubnd = BodyFactory(office=office, name="Ủy ban nhân dân thành phố", short_name="UBND", position=1)
    btg = BodyFactory(office=office, name="Ban Tuyên giáo Thành ủy", short_name="BTG", position=2)
    idle = BodyFactory(office=office, name="Ban Dân vận Thành ủy", short_name="BDV", position=3)
    staff = UserFactory(office=office, role=Role.OFFICE_STAFF, full_name="Nguyễn Thị Thu Hà")
    leader = UserFactory(office=office, role=Role.LEADER)
    inspector = UserFactory(office=office, role=Role.INSPECTOR)
    ubnd_liaison = MembershipFactory(user__office=office, body=ubnd).user
    btg_liaison = MembershipFactory(user__office=office, body=btg).user
    conclusion = ConclusionFactory(
        office=office,
        number="28-KL/TU",
        issuer="Ban Chấp hành Đảng bộ thành phố",
        meeting_date=dt.date(2026, 7, 5),
        monitoring={"body": "Văn phòng Thành ủy", "report_to": ["Thường trực Thành ủy"], "periodic": True},
    )
    bodies = {"ubnd": ubnd, "btg": btg}
    tasks = []
    for order, (text, heading, lead, state, deadline, completed, recurring) in enumerate(TASK_TEXTS):
        task = TaskFactory(
            conclusion=conclusion,
            office=office,
            lead_body=bodies[lead],
            order=order,
            heading=heading,
            text=text,
            state=state,
            deadline=deadline,
            original_deadline=deadline,
            completed_on=completed,
            recurring=recurring,
        )
        tasks.append(task)
    tasks[2].coordinating_bodies.add(ubnd)
    with time_machine.travel(dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC), tick=False):
        period, _ = period_open(actor=staff, office=office, cadence="quarterly", day=TODAY, conclusion=conclusion)
    return SimpleNamespace(
        office=office,
        ubnd=ubnd,
        btg=btg,
        idle=idle,
        staff=staff,
        leader=leader,
        inspector=inspector,
        ubnd_liaison=ubnd_liaison,
        btg_liaison=btg_liaison,
        conclusion=conclusion,
        tasks=tasks,
        period=period,
    )


def live(tasks: list[Task]) -> list[Task]:
    return [t for t in tasks if t.state in ("open", "awaiting", "returned")]
