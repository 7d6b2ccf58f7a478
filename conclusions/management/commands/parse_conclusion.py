"""manage.py parse_conclusion FILE [--format json|text] [--office ID]: read a conclusion, save nothing.

``--format json`` prints exactly the ``conclusion/1`` schema (what the scoring tool reads);
``--format text`` a readable outline for a person. A file the parser refuses prints the
parser's Vietnamese message on stderr and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Office
from conclusions.parsing import ParseError, parse_document, render_outline
from conclusions.selectors import topic_rules_for


class Command(BaseCommand):
    help = "Parse a conclusion document and print its tasks (JSON schema conclusion/1 or an outline). Saves nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .txt, .md, .docx, .doc or .pdf conclusion document")
        parser.add_argument("--format", choices=["json", "text"], default="json", help="Output format (json)")
        parser.add_argument("--office", type=int, help="Use this office's topic rules (default: the built-in set)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror or exc}") from exc
        office = None
        if options["office"] is not None:
            office = Office.objects.filter(pk=options["office"]).first()
            if office is None:
                raise CommandError(f"Không có văn phòng mã {options['office']}.")
        try:
            parsed = parse_document(data, path.name, topic_rules=topic_rules_for(office=office))
        except ParseError as exc:
            self.stderr.write(exc.message)
            sys.exit(2)
        if options["format"] == "json":
            self.stdout.write(json.dumps(parsed.to_schema(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(render_outline(parsed), ending="")
