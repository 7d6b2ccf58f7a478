"""Fixtures for the tracker core: one office with every role, bodies A (lead), C (coordinating), B (other)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Office, User
from accounts.roles import Role
from tests.factories import BodyFactory, MembershipFactory, OfficeFactory, TaskFactory, UserFactory
from tracker.models import Body, Task
from tracker.search import task_search_text


@dataclass
class World:
    office: Office
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
    task: Task

    def refresh(self) -> Task:
        self.task.refresh_from_db()
        return self.task


def task_make(**kwargs) -> Task:
    """A task with its search text filled in, as the import/publish service leaves it."""
    coordinating = kwargs.pop("coordinating_bodies", ())
    task = TaskFactory(**kwargs)
    task.search_text = task_search_text(task.heading, task.text)
    task.save(update_fields=["search_text"])
    task.coordinating_bodies.set(coordinating)
    return task


@pytest.fixture
def world(db) -> World:
    office = OfficeFactory()
    body_a = BodyFactory(office=office, name="Ban Tuyên giáo Thành ủy", short_name="BTG")
    body_b = BodyFactory(office=office, name="Ban Tổ chức Thành ủy", short_name="BTC")
    body_c = BodyFactory(office=office, name="Ủy ban nhân dân thành phố", short_name="UBND")
    liaison_a = MembershipFactory(body=body_a, user__office=office, user__username="lienlac_a").user
    liaison_b = MembershipFactory(body=body_b, user__office=office, user__username="lienlac_b").user
    liaison_c = MembershipFactory(body=body_c, user__office=office, user__username="lienlac_c").user
    other_office = OfficeFactory()
    task = task_make(
        conclusion__office=office,
        lead_body=body_a,
        coordinating_bodies=[body_c],
        text="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        deadline=dt.date(2026, 12, 31),
    )
    return World(
        office=office,
        body_a=body_a,
        body_b=body_b,
        body_c=body_c,
        staff=UserFactory(office=office, role=Role.OFFICE_STAFF, username="vanphong_t"),
        liaison_a=liaison_a,
        liaison_b=liaison_b,
        liaison_c=liaison_c,
        leader=UserFactory(office=office, role=Role.LEADER, username="lanhdao_t"),
        inspector=UserFactory(office=office, role=Role.INSPECTOR, username="kiemtra_t"),
        outsider_staff=UserFactory(office=other_office, role=Role.OFFICE_STAFF, username="vanphong_khac"),
        task=task,
    )


def pdf_upload(name: str = "bao-cao.pdf", content: bytes = b"%PDF-1.4 minh chung") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
