"""PostgreSQL only: the audit table refuses UPDATE and DELETE; indexes for search and lists.

- A trigger raises on any UPDATE or DELETE of tracker_auditevent, so not even a script with
  database access can rewrite history through the application's role (AuditEvent.save() and
  delete() refuse in Python too, on every database). TRUNCATE stays possible: the test
  runner empties tables with it between transactional tests.
- pg_trgm GIN index on Task.search_text: the accent-blind task search (task_list(q=...)) runs
  LIKE '%word%' on the folded text, which a trigram index serves.
- Partial index on live tasks by office and deadline: the dashboard's overdue / due-soon lists
  and the time-class filter of the task list.
- Progress by body and time: the liaison home's "needs an update" (latest own progress).

On SQLite (development, default tests) these operations do nothing.
"""

from django.db import migrations

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION tracker_auditevent_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege', DETAIL = TG_OP || ' on tracker_auditevent';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS tracker_auditevent_immutable ON tracker_auditevent;
CREATE TRIGGER tracker_auditevent_immutable
    BEFORE UPDATE OR DELETE ON tracker_auditevent
    FOR EACH ROW EXECUTE FUNCTION tracker_auditevent_immutable();
"""
TRIGGER_REVERSE = """
DROP TRIGGER IF EXISTS tracker_auditevent_immutable ON tracker_auditevent;
DROP FUNCTION IF EXISTS tracker_auditevent_immutable();
"""
INDEX_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS task_search_trgm ON tracker_task USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS task_live_office_deadline ON tracker_task (office_id, deadline) "
    "WHERE state IN ('open', 'awaiting', 'returned')",
    "CREATE INDEX IF NOT EXISTS progress_body_task_recent ON tracker_progressupdate (body_id, task_id, created_at)",
]
INDEX_REVERSE = [
    "DROP INDEX IF EXISTS task_search_trgm",
    "DROP INDEX IF EXISTS task_live_office_deadline",
    "DROP INDEX IF EXISTS progress_body_task_recent",
]


def postgresql_only(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial")]

    operations = [
        migrations.RunPython(postgresql_only([TRIGGER_SQL]), postgresql_only([TRIGGER_REVERSE])),
        migrations.RunPython(postgresql_only(INDEX_SQL), postgresql_only(INDEX_REVERSE)),
    ]
