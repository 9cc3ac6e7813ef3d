"""The migration check catches what would break the previous release during an upgrade."""

import pytest
from django.core.management import call_command
from django.db import migrations, models

from operations.migration_safety import findings


class FakeLoader:
    """The project's real migration graph with one extra migration appended to an app."""

    def __init__(self, operations, backward_incompatible=""):
        from django.db.migrations.loader import MigrationLoader

        self.real = MigrationLoader(None, ignore_no_migrations=True)
        leaf = max(key for key in self.real.graph.leaf_nodes() if key[0] == "support_requests")
        migration = type(
            "Migration",
            (migrations.Migration,),
            {
                "dependencies": [leaf],
                "operations": operations,
                "backward_incompatible": backward_incompatible,
            },
        )("9999_under_test", "support_requests")
        self.real.graph.add_node(("support_requests", "9999_under_test"), migration)
        self.real.graph.add_dependency(migration, ("support_requests", "9999_under_test"), leaf)
        self.graph = self.real.graph
        self.disk_migrations = {
            **self.real.disk_migrations,
            ("support_requests", "9999_under_test"): migration,
        }

    def project_state(self, nodes, at_end=True):
        return self.real.project_state(nodes, at_end)


UNSAFE = {
    "drop a column": migrations.RemoveField("supportrequest", "language"),
    "rename a column": migrations.RenameField("supportrequest", "language", "spoken_language"),
    "drop a table": migrations.DeleteModel("supportrequest"),
    "new NOT NULL column": migrations.AddField(
        "supportrequest", "triage_note_kind", models.CharField(max_length=8, default="x")
    ),
    "NULL to NOT NULL": migrations.AlterField(
        "supportrequest", "details", models.TextField(max_length=2000, default="")
    ),
}
SAFE = {
    "nullable column": migrations.AddField(
        "supportrequest", "triage_note_kind", models.CharField(max_length=8, null=True)
    ),
    "NOT NULL with a database default": migrations.AddField(
        "supportrequest",
        "triage_note_kind",
        models.CharField(max_length=8, db_default="x", default="x"),
    ),
    "an index": migrations.AddIndex(
        "supportrequest", models.Index(fields=["language"], name="request_language_test_idx")
    ),
}


def test_the_project_migrations_pass_the_check():
    assert findings() == []
    call_command("check_migration_safety")


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_an_unsafe_operation_is_found(name):
    (finding,) = findings(FakeLoader([UNSAFE[name]]))
    assert finding.migration == "support_requests.9999_under_test"


@pytest.mark.parametrize("name", sorted(SAFE))
def test_a_safe_operation_passes(name):
    assert findings(FakeLoader([SAFE[name]])) == []


def test_a_migration_may_say_why_it_must_break():
    loader = FakeLoader([UNSAFE["drop a column"]], backward_incompatible="two releases after 0.2")
    assert findings(loader) == []
