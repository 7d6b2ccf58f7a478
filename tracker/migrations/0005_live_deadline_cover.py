"""PostgreSQL only: the live-task deadline index also carries ``recurring``.

The task list's time-class filters and their page counts (GET /api/tasks/?time_class=overdue,
the dashboard's overdue and due-soon lists) test ``recurring`` on every matching row; with it
in the index they are answered by an index-only scan.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS task_live_deadline_cover ON tracker_task (office_id, deadline) INCLUDE (recurring) "
    "WHERE state IN ('open', 'awaiting', 'returned')",
    "DROP INDEX IF EXISTS task_live_office_deadline",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS task_live_office_deadline ON tracker_task (office_id, deadline) "
    "WHERE state IN ('open', 'awaiting', 'returned')",
    "DROP INDEX IF EXISTS task_live_deadline_cover",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracker", "0004_task_heading_index")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
