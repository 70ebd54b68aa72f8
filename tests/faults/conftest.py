"""Fault tests: real server processes killed or cut off mid-load.

Select them with ``pytest -m faults`` (they run in ``make test`` too)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: real processes crashed or cut off mid-load (issue #10, item 18)"
    )
