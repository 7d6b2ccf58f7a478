"""manage.py build_report --conclusion ID | --period ID [--kind ...] [--body ID] --format FMT --out FILE."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from conclusions.models import Conclusion
from tracker.errors import ServiceError
from tracker.models import Body
from tracker.reports.models import PeriodicReport, ReportingPeriod
from tracker.reports.services import report_build


class Command(BaseCommand):
    help = "Build a report of a period or a conclusion as PDF, Word, Excel or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--conclusion", type=int, help="conclusion id: the report on one conclusion")
        scope.add_argument("--period", type=int, help="reporting period id")
        parser.add_argument("--kind", choices=PeriodicReport.Kind.values, help="for --period: office_period or body")
        parser.add_argument("--body", type=int, help="body id, with --kind body")
        parser.add_argument("--format", required=True, choices=["pdf", "docx", "xlsx", "html"])
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = ReportingPeriod.objects.get(pk=options["period"]) if options["period"] else None
            conclusion = Conclusion.objects.get(pk=options["conclusion"]) if options["conclusion"] else None
            body = Body.objects.get(pk=options["body"]) if options["body"] else None
        except (ReportingPeriod.DoesNotExist, Conclusion.DoesNotExist, Body.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        try:
            rendered = report_build(
                actor=None, fmt=options["format"], period=period, conclusion=conclusion, kind=options["kind"], body=body
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        out = Path(options["out"])
        out.write_bytes(rendered.content)
        self.stdout.write(f"{out} ({len(rendered.content)} bytes)")
