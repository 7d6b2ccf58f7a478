"""manage.py import_conclusion FILE [--office ID] [--user USERNAME] [--publish]

Imports a conclusion document as a draft plan (published with ``--publish`` when every task
has a lead body and a deadline) and prints the conclusion's id and counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Office, User
from tracker.errors import ServiceError
from tracker.services.imports import conclusion_import


class Command(BaseCommand):
    help = "Import a conclusion document (.txt, .md, .docx, .doc, .pdf) into a draft plan, or publish it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The conclusion document")
        parser.add_argument("--office", type=int, help="Office id (default: the user's office, or the only office)")
        parser.add_argument("--user", help="Username recorded as the importer (must be office staff)")
        parser.add_argument("--publish", action="store_true", help="Publish the plan right away when it is complete")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror or exc}") from exc
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        office = self._office(options["office"], actor)
        try:
            result = conclusion_import(
                actor=actor, office=office, data=data, filename=path.name, publish=options["publish"]
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        conclusion = result.conclusion
        state = "đã ban hành" if result.published else "bản nháp"
        if result.duplicate:
            self.stdout.write(f"Tệp này đã được nhập trước đó: kết luận {conclusion.pk} ({state}).")
        self.stdout.write(f"Kết luận {conclusion.pk} ({state}): {conclusion.title[:120]}")
        self.stdout.write(f"conclusion_id={conclusion.pk}")
        self.stdout.write(
            f"tasks={result.tasks} with_body={result.with_body} with_deadline={result.with_deadline} "
            f"flagged={result.flagged}"
        )
        if result.publish_error:
            self.stderr.write(result.publish_error)
            raise CommandError("Chưa ban hành được: kế hoạch vẫn là bản nháp, hãy rà soát trên giao diện web.")

    def _office(self, office_id: int | None, actor: User | None) -> Office:
        if office_id is not None:
            office = Office.objects.filter(pk=office_id).first()
            if office is None:
                raise CommandError(f"Không có văn phòng mã {office_id}.")
            return office
        if actor is not None and actor.office_id:
            return actor.office
        offices = list(Office.objects.all()[:2])
        if len(offices) == 1:
            return offices[0]
        raise CommandError(
            "Hãy chọn văn phòng bằng --office ID (có nhiều hơn một văn phòng hoặc chưa có văn phòng nào)."
        )
