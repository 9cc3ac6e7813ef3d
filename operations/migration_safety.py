"""Migrations that the previous release's code could not run against.

During an upgrade the new migrations run while the old release still serves (several gunicorn
nodes are replaced one by one, workers drain their queue). An operation is unsafe when the old
code, unchanged, would then fail: a table or column it reads is gone or renamed, or a column it
does not know refuses its INSERTs (NOT NULL without a database default). Such a change is split
over two releases (add nullable, fill, then enforce; stop reading, then drop), or a migration
that really must break says so with `backward_incompatible = "why"` on its Migration class.
"""

from dataclasses import dataclass

from django.db import models
from django.db.migrations import operations
from django.db.migrations.loader import MigrationLoader

# The project's own apps; libraries check their own migrations.
PROJECT_APPS = (
    "peersupport",
    "roster",
    "support_requests",
    "training",
    "committees",
    "reports",
    "operations",
)

# Landed before this check existed (landed migrations are never edited), each with its reason.
REVIEWED = {
    "support_requests.0003_workflow_outreach_and_survey_flags": "released in v0.1.0",
    "peersupport.0005_remove_benchmark_row": (
        "only the benchmark's bare view wrote the table, and it is never mounted in production"
    ),
}

ALWAYS_UNSAFE = (
    operations.RemoveField,
    operations.DeleteModel,
    operations.RenameField,
    operations.RenameModel,
    operations.AlterModelTable,
)


@dataclass(frozen=True)
class Finding:
    migration: str
    operation: str
    reason: str

    def __str__(self) -> str:
        return f"{self.migration}: {self.operation}: {self.reason}"


def _required_without_database_default(field: models.Field) -> bool:
    return (
        not field.null
        and field.db_default is models.NOT_PROVIDED
        and not field.many_to_many
        and not getattr(field, "primary_key", False)
    )


def _operation_problem(operation, state_before, app_label, created_here) -> str | None:
    if isinstance(operation, ALWAYS_UNSAFE):
        return "the previous release still reads what this removes or renames"
    if isinstance(operation, operations.AddField):
        if operation.model_name_lower in created_here:
            return None
        if _required_without_database_default(operation.field):
            return "NOT NULL without db_default: the previous release's INSERTs would fail"
    if isinstance(operation, operations.AlterField):
        model_state = state_before.models.get((app_label, operation.model_name_lower))
        old = model_state.fields.get(operation.name) if model_state else None
        if old is not None and old.null and _required_without_database_default(operation.field):
            return "NULL to NOT NULL: the previous release may still write NULL here"
    return None


def findings(loader: MigrationLoader | None = None, apps=PROJECT_APPS) -> list[Finding]:
    """Every unsafe operation in the project's migrations not marked `backward_incompatible`."""
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if (
            app_label not in apps
            or migration.initial  # creates tables the previous release never had
            or f"{app_label}.{name}" in REVIEWED
            or getattr(migration, "backward_incompatible", "")
        ):
            continue
        parents = loader.graph.node_map[(app_label, name)].parents
        state = loader.project_state([parent.key for parent in parents], at_end=True)
        created_here = set()
        for operation in migration.operations:
            if isinstance(operation, operations.CreateModel):
                created_here.add(operation.name_lower)
            problem = _operation_problem(operation, state, app_label, created_here)
            if problem:
                found.append(Finding(f"{app_label}.{name}", operation.describe(), problem))
            operation.state_forwards(app_label, state)
    return found
