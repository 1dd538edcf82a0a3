from django.db import migrations, models


def add_rows(apps, schema_editor):
    Doomed = apps.get_model("failing_app", "Doomed")
    Doomed.objects.bulk_create([Doomed(name="first"), Doomed(name="second")])


class Migration(migrations.Migration):
    """Succeeds: a new table with two rows (on its own, migrate would commit this)."""

    initial = True
    dependencies = [("groups", "0002_member_management")]

    operations = [
        migrations.CreateModel(
            name="Doomed",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=20)),
            ],
        ),
        migrations.RunPython(add_rows, migrations.RunPython.noop),
    ]
