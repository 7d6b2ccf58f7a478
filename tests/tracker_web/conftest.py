"""Fixtures for the web UI tests: one office with every role; bodies A (lead), C (coordinating), B (other)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Office, User
from accounts.roles import Role
from conclusions.models import Conclusion
from tests.factories import BodyFactory, ConclusionFactory, MembershipFactory, OfficeFactory, TaskFactory, UserFactory
from tracker.models import Body, Task
from tracker.search import task_search_text

# Every test sees the same "today": 1 July 2026, a Wednesday in Asia/Ho_Chi_Minh.
TODAY = dt.date(2026, 7, 1)
NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@dataclass
class Web:
    office: Office
    conclusion: Conclusion
    body_a: Body
    body_b: Body
    body_c: Body
    staff: User
    liaison_a: User
    liaison_b: User
    liaison_c: User
    leader: User
    inspector: User
    outsider_staff: User
    task: Task  # lead A, coordinating C
    task_b: Task  # lead B only

    def users(self) -> dict[str, User]:
        return {
            "staff": self.staff,
            "liaison_a": self.liaison_a,
            "liaison_b": self.liaison_b,
            "liaison_c": self.liaison_c,
            "leader": self.leader,
            "inspector": self.inspector,
            "outsider_staff": self.outsider_staff,
        }


def task_make(**kwargs) -> Task:
    """A published task with its folded search text, as the publish service leaves it."""
    coordinating = kwargs.pop("coordinating_bodies", ())
    task = TaskFactory(**kwargs)
    task.search_text = task_search_text(task.heading, task.text)
    task.save(update_fields=["search_text"])
    task.coordinating_bodies.set(coordinating)
    return task


@pytest.fixture
def frozen(time_machine):
    """The clock stopped at NOW (tick off, so two requests in a test see the same instant order)."""
    time_machine.move_to(NOW, tick=True)
    return NOW


@pytest.fixture
def web(db, frozen) -> Web:
    office = OfficeFactory(name="Văn phòng Thành ủy Hòa Bình Xanh")
    conclusion = ConclusionFactory(office=office, number="28-KL/TU")
    body_a = BodyFactory(office=office, name="Ban Tuyên giáo Thành ủy", short_name="BTG", position=1)
    body_b = BodyFactory(office=office, name="Ban Tổ chức Thành ủy", short_name="BTC", position=2)
    body_c = BodyFactory(office=office, name="Ủy ban nhân dân thành phố", short_name="UBND", position=3)
    liaison_a = MembershipFactory(body=body_a, user__office=office, user__username="lienlac_a").user
    liaison_b = MembershipFactory(body=body_b, user__office=office, user__username="lienlac_b").user
    liaison_c = MembershipFactory(body=body_c, user__office=office, user__username="lienlac_c").user
    task = task_make(
        conclusion=conclusion,
        lead_body=body_a,
        coordinating_bodies=[body_c],
        heading="Về phát triển kinh tế",
        text="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        deadline=dt.date(2026, 12, 31),
    )
    task_b = task_make(
        conclusion=conclusion,
        lead_body=body_b,
        heading="Về xây dựng Đảng",
        text="Kiện toàn tổ chức bộ máy các cơ quan tham mưu",
        deadline=dt.date(2026, 9, 30),
    )
    return Web(
        office=office,
        conclusion=conclusion,
        body_a=body_a,
        body_b=body_b,
        body_c=body_c,
        staff=UserFactory(office=office, role=Role.OFFICE_STAFF, username="vanphong_t", full_name="Nguyễn Thị Hà"),
        liaison_a=liaison_a,
        liaison_b=liaison_b,
        liaison_c=liaison_c,
        leader=UserFactory(office=office, role=Role.LEADER, username="lanhdao_t"),
        inspector=UserFactory(office=office, role=Role.INSPECTOR, username="kiemtra_t"),
        outsider_staff=UserFactory(office=OfficeFactory(), role=Role.OFFICE_STAFF, username="vanphong_khac"),
        task=task,
        task_b=task_b,
    )


def pdf_upload(name: str = "bao-cao.pdf", content: bytes = b"%PDF-1.4 minh chung") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def page_text(response) -> str:
    return response.content.decode()
