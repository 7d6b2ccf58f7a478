"""The default Vietnamese holiday calendar for 2025–2027; the office edits it in the admin.

Public holidays of the Labour Code 2019 (art. 112) as announced for civil servants: Tết
Dương lịch 1/1, Tết Nguyên đán, Giỗ Tổ Hùng Vương (10/3 âm lịch), 30/4, 1/5, Quốc khánh
2/9 with an adjacent day; days moved by the government's swaps, compensatory days when a
holiday falls on a weekend, and the Saturdays worked in exchange (make-up working days).
Days marked "dự kiến" were not yet announced when this list was written: check them.
"""

import datetime as dt

from django.db import migrations

D = dt.date
HOLIDAYS = [
    # 2025 (Ất Tỵ): Tết 25/1–2/2, Monday 27/1 swapped for Saturday 8/2; Friday 2/5 for Saturday 26/4.
    (D(2025, 1, 1), "Tết Dương lịch", False),
    (D(2025, 1, 27), "Tết Nguyên đán Ất Tỵ (nghỉ hoán đổi)", False),
    (D(2025, 1, 28), "Tết Nguyên đán Ất Tỵ", False),
    (D(2025, 1, 29), "Tết Nguyên đán Ất Tỵ (mùng 1)", False),
    (D(2025, 1, 30), "Tết Nguyên đán Ất Tỵ", False),
    (D(2025, 1, 31), "Tết Nguyên đán Ất Tỵ", False),
    (D(2025, 2, 8), "Làm bù cho ngày 27/01/2025", True),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", False),
    (D(2025, 4, 26), "Làm bù cho ngày 02/5/2025", True),
    (D(2025, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước", False),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động", False),
    (D(2025, 5, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", False),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)", False),
    (D(2025, 9, 2), "Quốc khánh", False),
    # 2026 (Bính Ngọ): Tết from Saturday 14/2 to Sunday 22/2; Giỗ Tổ falls on a Sunday.
    (D(2026, 1, 1), "Tết Dương lịch", False),
    (D(2026, 2, 16), "Tết Nguyên đán Bính Ngọ", False),
    (D(2026, 2, 17), "Tết Nguyên đán Bính Ngọ (mùng 1)", False),
    (D(2026, 2, 18), "Tết Nguyên đán Bính Ngọ", False),
    (D(2026, 2, 19), "Tết Nguyên đán Bính Ngọ", False),
    (D(2026, 2, 20), "Tết Nguyên đán Bính Ngọ", False),
    (D(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", False),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương", False),
    (D(2026, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước", False),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động", False),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)", False),
    (D(2026, 9, 2), "Quốc khánh", False),
    # 2027 (Đinh Mùi): mùng 1 Tết is Saturday 6/2; 1/5 is a Saturday.
    (D(2027, 1, 1), "Tết Dương lịch", False),
    (D(2027, 2, 5), "Tết Nguyên đán Đinh Mùi (dự kiến)", False),
    (D(2027, 2, 6), "Tết Nguyên đán Đinh Mùi (mùng 1)", False),
    (D(2027, 2, 7), "Tết Nguyên đán Đinh Mùi", False),
    (D(2027, 2, 8), "Tết Nguyên đán Đinh Mùi", False),
    (D(2027, 2, 9), "Tết Nguyên đán Đinh Mùi", False),
    (D(2027, 2, 10), "Nghỉ bù Tết Nguyên đán (dự kiến)", False),
    (D(2027, 2, 11), "Nghỉ bù Tết Nguyên đán (dự kiến)", False),
    (D(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", False),
    (D(2027, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước", False),
    (D(2027, 5, 1), "Ngày Quốc tế Lao động", False),
    (D(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động", False),
    (D(2027, 9, 2), "Quốc khánh", False),
    (D(2027, 9, 3), "Quốc khánh (ngày liền kề, dự kiến)", False),
]


def holidays_load(apps, schema_editor):
    Holiday = apps.get_model("reminders", "Holiday")
    for day, name, swap in HOLIDAYS:
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "is_working_day_swap": swap})


def holidays_unload(apps, schema_editor):
    Holiday = apps.get_model("reminders", "Holiday")
    Holiday.objects.filter(date__in=[day for day, _, _ in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial")]

    operations = [migrations.RunPython(holidays_load, holidays_unload)]
