"""Badges and the printable attendee list (PDF bytes)."""

from itertools import groupby

from django.conf import settings
from django.utils import translation

from core.pdf import render_pdf
from core.qr import qr_png_data_uri
from events.models import Conference, Registration
from events.selectors.passes import pass_qr_payloads

LAYOUTS = ("a6", "a4x4")


def badges_pdf(
    *, conference: Conference, registrations: list[Registration], layout: str = "a4x4"
) -> bytes:
    """One badge per registration, in the order given: A6 pages or four per A4."""
    if layout not in LAYOUTS:
        raise ValueError(layout)
    texts = pass_qr_payloads(registrations)
    badges = [{"r": r, "qr": qr_png_data_uri(t)} for r, t in zip(registrations, texts, strict=True)]
    pages = (
        [badges[i : i + 4] for i in range(0, len(badges), 4)]
        if layout == "a4x4"
        else [[b] for b in badges]
    )
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "events/registrations/pdf/badges.html",
            {"conference": conference, "pages": pages, "layout": layout},
        )


def attendee_list_pdf(*, conference: Conference, registrations: list[Registration]) -> bytes:
    """Grouped by unit (guests by organisation, last), then role; numbered."""
    groups = []
    for _key, rows in groupby(
        registrations, key=lambda r: (r.unit_id, r.organization if not r.unit_id else "")
    ):
        rows = list(rows)
        numbered = list(enumerate(rows, start=1))
        roles = [
            (role, list(items)) for role, items in groupby(numbered, key=lambda pair: pair[1].role)
        ]
        groups.append({"name": rows[0].affiliation, "roles": roles, "count": len(rows)})
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "events/registrations/pdf/attendee_list.html",
            {"conference": conference, "groups": groups, "total": len(registrations)},
        )
