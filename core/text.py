"""Small text helpers shared by both apps: a masked email, a page title."""

from decimal import Decimal

from django.utils import formats

SITE_NAME = "Hội nghị"


def percent_display(value, places: int = 2) -> str:
    """A stored percentage ("66.67") as the reader's language writes it
    ("66,67" in Vietnamese), with ``places`` decimals."""
    return formats.number_format(Decimal(str(value)), places)


def email_masked(email: str) -> str:
    """``lehoi@snv.backan.gov.vn`` → ``l***@s***.vn``: enough for its owner
    to recognise the address, too little for an onlooker to write it down."""
    local, _, domain = (email or "").strip().partition("@")
    if not local or not domain:
        return "***"
    labels = domain.split(".")
    tail = "." + labels[-1] if len(labels) > 1 else ""
    return f"{local[0]}***@{domain[0]}***{tail}"


def page_title(title: str) -> str:
    """The browser tab's text: "<page> · Hội nghị", never the site name twice."""
    title = " ".join((title or "").split())
    if not title or title == SITE_NAME:
        return SITE_NAME
    if title.endswith(f"· {SITE_NAME}"):
        return title
    return f"{title} · {SITE_NAME}"
