"""Load the 63 pre-2025 and 34 current provincial-level units.

The CSV files are copies of the project's domain data (events/data/). Old
rows end on 2025-06-30 and point to their 2025 successor; new rows start on
2025-07-01. A code is reused across the two periods, so rows are matched by
(code, period), never by code alone.
"""

import csv
from datetime import date
from pathlib import Path

from django.db import migrations

from events.names import clean_text, collation_key, fold

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    Province = apps.get_model("events", "Province")
    current = {}
    for row in _rows("provinces_2025.csv"):
        name = clean_text(row["name"])
        current[row["code"]] = Province.objects.create(
            code=row["code"],
            kind=row["kind"],
            name=name,
            valid_from=date.fromisoformat(row["valid_from"]),
            sort_key=collation_key(name),
            search_key=fold(name),
        )
    old = {}
    for row in _rows("provinces_pre2025.csv"):
        name = clean_text(row["name"])
        province = Province.objects.create(
            code=row["code"],
            kind=row["kind"],
            name=name,
            valid_to=date.fromisoformat(row["valid_to"]),
            sort_key=collation_key(name),
            search_key=fold(name),
        )
        province.successors.add(current[row["successor_code_2025"]])
        old[row["code"]] = province
    # Cross-check the other direction of the link.
    for row in _rows("provinces_2025.csv"):
        expected = set(row["formed_from_codes"].split())
        actual = {p.code for p in current[row["code"]].predecessors.all()}
        if expected != actual:
            raise ValueError(f"Province {row['code']}: formed from {expected}, linked {actual}")


def unload(apps, schema_editor):
    apps.get_model("events", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
