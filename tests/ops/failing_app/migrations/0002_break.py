from django.db import migrations, models


def fail(apps, schema_editor):
    raise RuntimeError("this migration fails on purpose, after altering two tables")


def empty_expenses(apps, schema_editor):
    apps.get_model("groups", "Share").objects.all().delete()


class Migration(migrations.Migration):
    """Alters a table, deletes rows of the app's real data, then raises."""

    dependencies = [("failing_app", "0001_initial")]

    operations = [
        migrations.AddField("doomed", "note", models.CharField(max_length=20, default="")),
        migrations.RunPython(empty_expenses, migrations.RunPython.noop),
        migrations.RunPython(fail, migrations.RunPython.noop),
    ]
