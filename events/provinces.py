"""The 63 provincial-level units before 1 July 2025 and the 34 after.

The CSV files are copies of the project's domain data. Old rows end on
2025-06-30 and point to their successor; new rows start on 2025-07-01. A code
is reused across the two periods, so rows are matched by (code, period).
Used by the data migration (with its historical model) and by tests that
flush the database.
"""

import csv
from datetime import date
from pathlib import Path

from events.names import clean_text, collation_key, fold

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_provinces(province_model) -> None:
    current = {}
    for row in _rows("provinces_2025.csv"):
        name = clean_text(row["name"])
        current[row["code"]] = province_model.objects.create(
            code=row["code"],
            kind=row["kind"],
            name=name,
            valid_from=date.fromisoformat(row["valid_from"]),
            sort_key=collation_key(name),
            search_key=fold(name),
        )
    for row in _rows("provinces_pre2025.csv"):
        name = clean_text(row["name"])
        province = province_model.objects.create(
            code=row["code"],
            kind=row["kind"],
            name=name,
            valid_to=date.fromisoformat(row["valid_to"]),
            sort_key=collation_key(name),
            search_key=fold(name),
        )
        province.successors.add(current[row["successor_code_2025"]])
    # Cross-check the other direction of the link.
    for row in _rows("provinces_2025.csv"):
        expected = set(row["formed_from_codes"].split())
        actual = {p.code for p in current[row["code"]].predecessors.all()}
        if expected != actual:
            raise ValueError(f"Province {row['code']}: formed from {expected}, linked {actual}")
