"""Pages of reminders: notification centre and header count, preferences, the office's
failures page, calendar feeds (token-protected) and rotating their address."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories import UserFactory
from tracker.reminders.models import CalendarFeedToken, Notification, NotificationPreference, Reminder

pytestmark = pytest.mark.django_db


def test_it_shows_the_unread_count_and_marks_notifications_read(world, client):
    task = world.task(dt.date(2026, 11, 30))
    Notification.objects.create(user=world.liaison, task=task, title="Còn 7 ngày đến hạn", text=task.text)
    Notification.objects.create(user=world.liaison, title="Đến hạn hôm nay")
    Notification.objects.create(user=world.staff, title="Không phải của tôi")
    client.force_login(world.liaison)
    page = client.get("/notifications/").content.decode()
    assert "Còn 7 ngày đến hạn" in page and "Đến hạn hôm nay" in page and "Không phải của tôi" not in page
    assert '<span class="notif-count"' in page and ">2</span>" in page
    mine = Notification.objects.get(task=task)
    response = client.post(f"/notifications/{mine.pk}/read/")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=world.liaison, read_at__isnull=True).exists()
    page = client.get("/notifications/").content.decode()
    assert '<span class="notif-count"' not in page


def test_it_refuses_to_mark_another_users_notification(world, client):
    other = Notification.objects.create(user=world.staff, title="x")
    client.force_login(world.liaison)
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_it_saves_preferences_and_rejects_a_wrong_hour(world, client):
    client.force_login(world.liaison)
    response = client.post("/reminders/preferences/", {"in_app_enabled": "on", "digest_hour": "25"})
    assert "Giờ gửi thư tổng hợp phải từ 0 đến 23." in response.content.decode()
    assert not NotificationPreference.objects.exists()
    response = client.post(
        "/reminders/preferences/",
        {"in_app_enabled": "on", "digest_hour": "7", "paused_until": "2026-12-01"},
        follow=True,
    )
    assert "Đã lưu cách nhận nhắc việc của anh/chị." in response.content.decode()
    pref = NotificationPreference.objects.get(user=world.liaison)
    assert (pref.email_enabled, pref.in_app_enabled, pref.digest_hour, pref.paused_until) == (
        False,
        True,
        7,
        dt.date(2026, 12, 1),
    )


def test_it_shows_failures_to_office_staff_only_and_retries_them(world, client):
    task = world.task(dt.date(2026, 11, 30))
    failed = Reminder.objects.create(
        office=world.office,
        subject_key=f"task:{task.pk}",
        task=task,
        body=world.body,
        occasion="due",
        occasion_date=dt.date(2026, 11, 30),
        recipient_key="email:sai@hbx.example",
        email="sai@hbx.example",
        status="failed",
        attempts=6,
        last_error="SMTPRecipientsRefused: 550 5.1.1 User unknown",
    )
    client.force_login(world.liaison)
    assert client.get("/reminders/failures/").status_code == 403
    client.force_login(world.staff)
    page = client.get("/reminders/failures/").content.decode()
    assert "Nhắc việc gửi không thành công" in page and "sai@hbx.example" in page and "550 5.1.1 User unknown" in page
    response = client.post("/reminders/failures/", {"reminder": [failed.pk]}, follow=True)
    assert "1 nhắc việc sẽ được gửi lại ở lượt quét tới." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)


def test_it_serves_a_users_deadlines_as_ical_by_token_without_login(world, client):
    mine = world.task(dt.date(2026, 11, 30), text="Tổng kết công tác tuyên giáo năm 2026")
    from tests.factories import BodyFactory

    world.task(dt.date(2026, 12, 5), lead_body=BodyFactory(office=world.office))  # not the liaison's body
    world.task(dt.date(2026, 12, 6), state="done")
    client.force_login(world.liaison)
    page = client.get("/calendar/").content.decode()
    token = CalendarFeedToken.objects.get(user=world.liaison).token
    assert f"/calendar/{token}.ics" in page and "Lịch thời hạn" in page
    client.logout()
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in events] == [
        ("Hạn: Tổng kết công tác tuyên giáo năm 2026", dt.date(2026, 11, 30))
    ]
    assert str(events[0]["uid"]) == f"task-{mine.pk}@theodoi"
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_it_serves_a_bodys_feed_and_rotating_kills_the_old_address(world, client):
    world.task(dt.date(2026, 11, 30))
    client.force_login(world.liaison)
    client.get("/calendar/")
    old = CalendarFeedToken.objects.get(body=world.body).token
    assert len(Calendar.from_ical(client.get(f"/calendar/{old}.ics").content).walk("VEVENT")) == 1
    response = client.post("/calendar/", {"body": world.body.pk}, follow=True)
    assert "Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được." in response.content.decode()
    new = CalendarFeedToken.objects.get(body=world.body).token
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    # A body the user does not belong to cannot be rotated.
    from tests.factories import BodyFactory

    assert client.post("/calendar/", {"body": BodyFactory(office=world.office).pk}).status_code == 404


def test_it_stops_serving_the_feed_of_a_deactivated_user(world, client):
    user = UserFactory(office=world.office, role="liaison")
    token = CalendarFeedToken.objects.create(user=user).token
    user.is_active = False
    user.save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_it_links_the_failures_page_in_the_office_menu_only(world, client):
    client.force_login(world.staff)
    assert "/reminders/failures/" in client.get("/notifications/").content.decode()
    client.force_login(world.liaison)
    assert "/reminders/failures/" not in client.get("/notifications/").content.decode()
