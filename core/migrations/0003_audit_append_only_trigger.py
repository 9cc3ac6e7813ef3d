"""Below the ORM too, the audit log refuses updates, and deletes of rows younger than six years.

TRUNCATE is an administrator's operation (Django's test runner flushes with it); the application's
database role should not be granted TRUNCATE on this table in production (SECURITY.md).
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON peersupport_auditevent
       BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;""",
    """CREATE TRIGGER audit_no_early_delete BEFORE DELETE ON peersupport_auditevent
       WHEN OLD.at > datetime('now', '-6 years')
       BEGIN SELECT RAISE(ABORT, 'Audit rows are kept for six years.'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_no_update;",
    "DROP TRIGGER IF EXISTS audit_no_early_delete;",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION peersupport_audit_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'The audit log is append-only.';
         END IF;
         IF OLD.at > now() - interval '6 years' THEN
           RAISE EXCEPTION 'Audit rows are kept for six years.';
         END IF;
         RETURN OLD;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON peersupport_auditevent
       FOR EACH ROW EXECUTE FUNCTION peersupport_audit_guard();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_append_only ON peersupport_auditevent;",
    "DROP FUNCTION IF EXISTS peersupport_audit_guard();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("peersupport", "0002_create_role_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
