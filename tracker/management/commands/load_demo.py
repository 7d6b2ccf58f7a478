"""manage.py load_demo: the demo office, its bodies, one user per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tracker.services.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_conclusion_load, demo_office_load


class Command(BaseCommand):
    help = "Load the demo office: bodies with aliases, one user per role, a sample conclusion."

    def handle(self, *args: Any, **options: Any) -> None:
        office = demo_office_load()
        self.stdout.write(f"Demo office: {office.name} (id {office.pk})")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.role.value:<13} {login.username} / {DEMO_PASSWORD}")
        # The demo conclusion, imported once (SHA-256) and published, when the file ships.
        imported = demo_conclusion_load(office=office)
        if imported is not None:
            self.stdout.write(f"Demo conclusion: id {imported.conclusion.pk}, {imported.tasks} tasks")
