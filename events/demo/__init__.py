"""The seed conference of 22 July 2022 and a 2026 one of the same cluster, as
demo data (``manage.py load_demo``)."""

from events.demo.conferences import (
    CONFERENCE_2022,
    CONFERENCE_2026,
    DEMO_PASSWORD,
    load_demo,
)

__all__ = ["CONFERENCE_2022", "CONFERENCE_2026", "DEMO_PASSWORD", "load_demo"]
