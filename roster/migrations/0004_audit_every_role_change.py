"""Every change of a role that opens request details writes one audit row, whatever made it.

The grant service, a data migration, a shell or a superuser's SQL all add or remove rows of the
user-group table or of the local lead table; a trigger on each writes the audit row, so no path
changes who may read requests without leaving a trace. The actor is not known below the ORM: the
grant service writes its own event (who asked, who confirmed) beside this one.
"""

from django.db import migrations

AUDIT_INSERT = (
    "INSERT INTO peersupport_auditevent "
    "(at, actor_id, action, detail, object_type, object_id, ip, outcome) VALUES "
)

SQLITE = [
    f"""CREATE TRIGGER role_change_group_added AFTER INSERT ON peersupport_user_groups
       BEGIN {AUDIT_INSERT} (strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, 'role_change',
         substr('joined ' || (SELECT name FROM auth_group WHERE id = NEW.group_id), 1, 64),
         'user', NEW.user_id, NULL, 'ok'); END;""",
    f"""CREATE TRIGGER role_change_group_removed AFTER DELETE ON peersupport_user_groups
       BEGIN {AUDIT_INSERT} (strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, 'role_change',
         substr('left ' || (SELECT name FROM auth_group WHERE id = OLD.group_id), 1, 64),
         'user', OLD.user_id, NULL, 'ok'); END;""",
    f"""CREATE TRIGGER role_change_local_lead_added AFTER INSERT ON roster_locallead
       BEGIN {AUDIT_INSERT} (strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, 'role_change',
         'local lead of unit ' || NEW.unit_id, 'user', NEW.user_id, NULL, 'ok'); END;""",
    f"""CREATE TRIGGER role_change_local_lead_removed AFTER DELETE ON roster_locallead
       BEGIN {AUDIT_INSERT} (strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, 'role_change',
         'no longer lead of unit ' || OLD.unit_id, 'user', OLD.user_id, NULL, 'ok'); END;""",
    f"""CREATE TRIGGER role_change_local_lead_moved AFTER UPDATE ON roster_locallead
       BEGIN {AUDIT_INSERT} (strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, 'role_change',
         'local lead row changed, unit ' || NEW.unit_id, 'user', NEW.user_id, NULL, 'ok'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS role_change_group_added;",
    "DROP TRIGGER IF EXISTS role_change_group_removed;",
    "DROP TRIGGER IF EXISTS role_change_local_lead_added;",
    "DROP TRIGGER IF EXISTS role_change_local_lead_removed;",
    "DROP TRIGGER IF EXISTS role_change_local_lead_moved;",
]

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION peersupport_audit_group_change() RETURNS trigger AS $$
       DECLARE row_user bigint; row_group bigint; verb text;
       BEGIN
         IF TG_OP = 'DELETE' THEN
           row_user := OLD.user_id; row_group := OLD.group_id; verb := 'left ';
         ELSE
           row_user := NEW.user_id; row_group := NEW.group_id; verb := 'joined ';
         END IF;
         {AUDIT_INSERT} (now(), NULL, 'role_change',
           substr(verb || (SELECT name FROM auth_group WHERE id = row_group), 1, 64),
           'user', row_user::text, NULL, 'ok');
         RETURN NULL;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER role_change_group AFTER INSERT OR UPDATE OR DELETE
       ON peersupport_user_groups
       FOR EACH ROW EXECUTE FUNCTION peersupport_audit_group_change();""",
    f"""CREATE OR REPLACE FUNCTION peersupport_audit_local_lead_change() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           {AUDIT_INSERT} (now(), NULL, 'role_change', 'no longer lead of unit ' || OLD.unit_id,
             'user', OLD.user_id::text, NULL, 'ok');
         ELSIF TG_OP = 'INSERT' THEN
           {AUDIT_INSERT} (now(), NULL, 'role_change', 'local lead of unit ' || NEW.unit_id,
             'user', NEW.user_id::text, NULL, 'ok');
         ELSE
           {AUDIT_INSERT} (now(), NULL, 'role_change',
             'local lead row changed, unit ' || NEW.unit_id, 'user', NEW.user_id::text, NULL, 'ok');
         END IF;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER role_change_local_lead AFTER INSERT OR UPDATE OR DELETE ON roster_locallead
       FOR EACH ROW EXECUTE FUNCTION peersupport_audit_local_lead_change();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS role_change_group ON peersupport_user_groups;",
    "DROP FUNCTION IF EXISTS peersupport_audit_group_change();",
    "DROP TRIGGER IF EXISTS role_change_local_lead ON roster_locallead;",
    "DROP FUNCTION IF EXISTS peersupport_audit_local_lead_change();",
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
    dependencies = [
        ("roster", "0003_role_grants_need_two_people"),
        ("peersupport", "0005_remove_benchmark_row"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
