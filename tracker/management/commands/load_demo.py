"""manage.py load_demo: the demo office, its bodies, one user per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tracker.services.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_office_load


class Command(BaseCommand):
    help = "Load the demo office: bodies with aliases, one user per role, a sample conclusion."

    def handle(self, *args: Any, **options: Any) -> None:
        office = demo_office_load()
        self.stdout.write(f"Demo office: {office.name} (id {office.pk})")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.role.value:<13} {login.username} / {DEMO_PASSWORD}")
