"""Fixtures of the reminder tests: an office with staff, a body with a liaison, a head and a
contact mailbox, and helpers to build tasks around a deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from accounts.models import Office, User
from accounts.roles import Role
from tests.factories import BodyFactory, ConclusionFactory, MembershipFactory, OfficeFactory, TaskFactory, UserFactory
from tracker.models import Body, BodyMembership, Task


@dataclass
class World:
    office: Office
    staff: User
    body: Body
    liaison: User
    head: User
    conclusion: object

    def task(self, deadline: dt.date | None, **kwargs) -> Task:
        kwargs.setdefault("lead_body", self.body)
        return TaskFactory(conclusion=self.conclusion, deadline=deadline, **kwargs)


@pytest.fixture
def world(db) -> World:
    # Transactional tests flush the database, data-migrated role groups included.
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    office = OfficeFactory(name="Văn phòng Thành ủy Hòa Bình Xanh", email="vanphong@hbx.example")
    staff = UserFactory(office=office, role=Role.OFFICE_STAFF, username="vanphong", email="vanphong@hbx.example")
    body = BodyFactory(
        office=office,
        name="Ban Tuyên giáo Thành ủy",
        contact_emails=["bantuyengiao@hbx.example"],
        head_email="truongban@hbx.example",
    )
    liaison = UserFactory(office=office, role=Role.LIAISON, username="daumoi", email="daumoi@hbx.example")
    MembershipFactory(user=liaison, body=body)
    head = UserFactory(office=office, username="truongban", email="truongban@hbx.example")
    MembershipFactory(user=head, body=body, role=BodyMembership.Role.HEAD)
    conclusion = ConclusionFactory(office=office)
    return World(office, staff, body, liaison, head, conclusion)


def aware(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    """A moment in Asia/Ho_Chi_Minh."""
    from zoneinfo import ZoneInfo

    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
