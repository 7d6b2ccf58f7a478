"""PostgreSQL only: indexes the dashboard needs at 100,000 tasks.

- task_dashboard_cover: the dashboard's one pass over an office's tasks grouped by lead body
  (tracker.selectors.dashboard.dashboard_counts) reads only these columns, so PostgreSQL can
  answer it from the index without visiting the table (index-only scan).
- task_office_updated: the dashboard cache's stamp, the office's latest Task.updated_at.
"""

from django.db import migrations

INDEX_SQL = [
    "CREATE INDEX IF NOT EXISTS task_dashboard_cover ON tracker_task (office_id, lead_body_id) "
    "INCLUDE (state, deadline, completed_on, recurring, id)",
    "CREATE INDEX IF NOT EXISTS task_office_updated ON tracker_task (office_id, updated_at)",
]
INDEX_REVERSE = ["DROP INDEX IF EXISTS task_dashboard_cover", "DROP INDEX IF EXISTS task_office_updated"]


def postgresql_only(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tracker", "0002_audit_immutable_and_search_indexes")]

    operations = [migrations.RunPython(postgresql_only(INDEX_SQL), postgresql_only(INDEX_REVERSE))]
