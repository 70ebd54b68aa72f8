"""Load the 63 pre-2025 and 34 current provincial-level units (events/data/)."""

from django.db import migrations

from events.provinces import load_provinces


def load(apps, schema_editor):
    load_provinces(apps.get_model("events", "Province"))


def unload(apps, schema_editor):
    apps.get_model("events", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
