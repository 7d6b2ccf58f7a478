"""PostgreSQL only: (office, heading) for the task list's heading filter.

tracker.selectors.tasks.task_headings walks it with a recursive skip scan: one index probe per
distinct heading instead of reading every task of the office.
"""

from django.db import migrations


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracker", "0003_dashboard_indexes")]

    operations = [
        migrations.RunPython(
            run("CREATE INDEX IF NOT EXISTS task_office_heading ON tracker_task (office_id, heading)"),
            run("DROP INDEX IF EXISTS task_office_heading"),
        )
    ]
