"""factory-boy factories for the models every test builds on."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group

from accounts.models import Office, User
from accounts.roles import Role
from conclusions.models import Conclusion
from tracker.models import Body, BodyMembership, Extension, ProgressUpdate, Task


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Văn phòng Thành ủy số {n}")
    committee_name = "Ban Chấp hành Đảng bộ thành phố"
    place_name = "Hòa Bình Xanh"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    office = factory.SubFactory(OfficeFactory)
    password = factory.django.Password("pw-for-tests")

    @factory.post_generation
    def role(self, create: bool, extracted: Role | str | None, **kwargs: object) -> None:
        if create and extracted:
            # get_or_create: transactional tests flush the groups the data migration made.
            self.groups.add(Group.objects.get_or_create(name=Role(extracted).value)[0])


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Ban số {n}")
    contact_emails = factory.LazyAttribute(lambda b: [f"body{b.name.split()[-1]}@example.org"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMembership

    user = factory.SubFactory(UserFactory, role=Role.LIAISON)
    body = factory.SubFactory(BodyFactory)


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    office = factory.SubFactory(OfficeFactory)
    state = Conclusion.State.PUBLISHED
    number = factory.Sequence(lambda n: f"{n}-KL/TU")
    title = "Kết luận Hội nghị Ban Chấp hành Đảng bộ thành phố"
    issuer = "Ban Chấp hành Đảng bộ thành phố"
    meeting_date = dt.date(2026, 7, 5)
    period_label = "6 tháng cuối năm 2026"
    period_start = dt.date(2026, 7, 1)
    period_end = dt.date(2026, 12, 31)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    conclusion = factory.SubFactory(ConclusionFactory)
    office = factory.LazyAttribute(lambda t: t.conclusion.office)
    lead_body = factory.SubFactory(BodyFactory, office=factory.SelfAttribute("..office"))
    order = factory.Sequence(int)
    section = "II.1"
    heading = "Về phát triển kinh tế"
    text = factory.Sequence(
        lambda n: f"Tập trung chỉ đạo thực hiện nhiệm vụ số {n} về tiến độ giải ngân vốn đầu tư công"
    )
    deadline = dt.date(2026, 12, 31)
    original_deadline = factory.SelfAttribute("deadline")
    state = Task.State.OPEN


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    task = factory.SubFactory(TaskFactory)
    body = factory.SelfAttribute("task.lead_body")
    author = factory.SubFactory(UserFactory, office=factory.SelfAttribute("..task.office"))
    done_text = "Đã tổ chức hội nghị triển khai"
    outcome_text = "Ban hành kế hoạch thực hiện"


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    task = factory.SubFactory(TaskFactory)
    body = factory.SelfAttribute("task.lead_body")
    requested_by = factory.SubFactory(UserFactory, office=factory.SelfAttribute("..task.office"))
    previous_deadline = factory.SelfAttribute("task.deadline")
    requested_deadline = factory.LazyAttribute(lambda e: e.task.deadline + dt.timedelta(days=30))
    reason = "Chờ ý kiến của tỉnh"
