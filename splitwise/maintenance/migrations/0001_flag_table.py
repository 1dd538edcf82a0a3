from django.db import migrations

# On PostgreSQL the maintenance flag lives in a schema of its own, which migrations, backups
# and restores of the application's schema never touch. Elsewhere it lives in a file next to
# the SQLite database or in the shared cache, and this migration does nothing.
CREATE = """
CREATE SCHEMA IF NOT EXISTS splitwise_maintenance;
CREATE TABLE IF NOT EXISTS splitwise_maintenance.holders (
    holder text PRIMARY KEY,
    reason text NOT NULL,
    since timestamptz NOT NULL DEFAULT now(),
    until timestamptz,
    lease boolean NOT NULL DEFAULT false
);
CREATE SEQUENCE IF NOT EXISTS splitwise_maintenance.changes;
"""
DROP = "DROP SCHEMA IF EXISTS splitwise_maintenance CASCADE"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
