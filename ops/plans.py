"""Which migrations ``migrate [APP [MIGRATION]]`` would apply or unapply, worked out as it does.

Resolving the plan first means a wrong app or migration name is refused before anything is
backed up, locked or changed.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.migrations.exceptions import AmbiguityError, InconsistentMigrationHistory
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import CreateModel

from ops import OperationError


@dataclass(frozen=True)
class Plan:
    """The migrations to run, in order: (app label, migration name, backwards)."""

    steps: tuple[tuple[str, str, bool], ...]

    def __bool__(self) -> bool:
        return bool(self.steps)

    @property
    def backwards(self) -> bool:
        """Whether this plan unapplies migrations (a rollback)."""
        return any(step[2] for step in self.steps)


def resolve(connection, app_label: str | None = None, migration_name: str | None = None) -> Plan:
    """The plan of ``migrate [app_label [migration_name]]``, with migrate's own errors."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    try:
        loader.check_consistent_history(connection)
    except InconsistentMigrationHistory as error:
        raise OperationError(str(error)) from None
    if conflicts := loader.detect_conflicts():
        names = "; ".join(f"{', '.join(n)} in {app}" for app, n in conflicts.items())
        raise OperationError(f"Conflicting migrations detected ({names}): merge them first.")
    if app_label:
        try:
            apps.get_app_config(app_label)
        except LookupError as error:
            raise OperationError(str(error)) from None
        if app_label not in loader.migrated_apps:
            raise OperationError(f"App '{app_label}' does not have migrations.")
    if app_label and migration_name:
        targets = [(app_label, _migration_name(loader, app_label, migration_name))]
    elif app_label:
        targets = [key for key in loader.graph.leaf_nodes() if key[0] == app_label]
    else:
        targets = loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    return Plan(tuple((m.app_label, m.name, backwards) for m, backwards in plan))


def tables_dropped(connection, plan: Plan) -> frozenset[str]:
    """The tables that unapplying ``plan``'s backwards steps removes: those of the models
    those very migrations created. Their rows go with them (kept in the backup); any other
    table must keep every row."""
    loader = MigrationExecutor(connection).loader
    tables = set()
    for app_label, name, backwards in plan.steps:
        if not backwards:
            continue
        created = [
            op
            for op in loader.graph.nodes[app_label, name].operations
            if isinstance(op, CreateModel)
        ]
        if not created:
            continue
        state = loader.project_state((app_label, name), at_end=True)
        for operation in created:
            model = state.models[app_label, operation.name_lower]
            tables.add(model.options.get("db_table") or f"{app_label}_{operation.name_lower}")
    return frozenset(tables)


def _migration_name(loader, app_label: str, prefix: str) -> str | None:
    if prefix == "zero":
        return None
    try:
        name = loader.get_migration_by_prefix(app_label, prefix).name
    except AmbiguityError:
        raise OperationError(
            f"More than one migration matches '{prefix}' in app '{app_label}'. "
            "Please be more specific."
        ) from None
    except KeyError:
        raise OperationError(
            f"Cannot find a migration matching '{prefix}' from app '{app_label}'."
        ) from None
    key = (app_label, name)
    # As migrate does: a partly applied squashed migration is not in the graph; its last
    # replaced migration stands in for it.
    if key not in loader.graph.nodes and key in loader.replacements:
        return loader.replacements[key].replaces[-1][1]
    return name


def applied_state(connection) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """Per app with migrations: its latest applied migration (None: none) and those not
    applied, in the order ``migrate`` would apply them."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    pending: dict[str, list[str]] = {}
    for migration, _ in executor.migration_plan(loader.graph.leaf_nodes()):
        pending.setdefault(migration.app_label, []).append(migration.name)
    state = []
    for app in sorted(loader.migrated_apps):
        ordered = [
            name
            for leaf in loader.graph.leaf_nodes(app)
            for label, name in loader.graph.forwards_plan(leaf)
            if label == app
        ]
        applied = [name for name in ordered if (app, name) in loader.applied_migrations]
        state.append((app, applied[-1] if applied else None, tuple(pending.get(app, ()))))
    return state
