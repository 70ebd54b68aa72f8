"""The seed conference of 22 July 2022 and a 2026 one of the same cluster, as
demo data (``manage.py load_demo``). Apps above events add their part
through ``demo_extend`` (events never imports them)."""

from events.demo.conferences import (
    CONFERENCE_2022,
    CONFERENCE_2026,
    DEMO_PASSWORD,
    demo_extend,
    load_demo,
)

__all__ = ["CONFERENCE_2022", "CONFERENCE_2026", "DEMO_PASSWORD", "demo_extend", "load_demo"]
