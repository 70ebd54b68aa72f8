"""The covenant as a PDF (Decree 30/2020 layout), through core's one renderer.

User text reaches the PDF only through an autoescaped template; the fetcher
(core.pdf) serves nothing but our static files and the images handed in.
Missing fonts or images are an error here, not a warning: a sealed document
must print as it was signed.
"""

from pathlib import Path

from django.template.loader import render_to_string

from core.pdf import render_html_pdf

CSS_PATH = Path(__file__).resolve().parent / "pdf.css"


def covenant_html(context: dict) -> str:
    return render_to_string("signing/pdf/covenant.html", context)


def render_pdf(html: str, images: dict[str, bytes]) -> bytes:
    """HTML (from ``covenant_html``) → PDF bytes. The ``<meta name="hoinghi-…">``
    tags become document info keys (the ceremony's id, the audit chain's head)."""
    return render_html_pdf(
        html, images=images, stylesheets=(CSS_PATH,), strict=True, custom_metadata=True
    )


MINUTES_CSS_PATH = Path(__file__).resolve().parent / "minutes.css"


def minutes_pdf(context: dict, images: dict[str, bytes]) -> bytes:
    """The minutes (``signing.minutes_document.minutes_context``) → PDF bytes."""
    html = render_to_string("signing/pdf/minutes.html", context)
    return render_html_pdf(
        html, images=images, stylesheets=(MINUTES_CSS_PATH,), strict=True, custom_metadata=True
    )


COUNTING_CSS_PATH = Path(__file__).resolve().parent / "counting.css"


def counting_record_pdf(context: dict, images: dict[str, bytes]) -> bytes:
    """The counting record (``signing.counting_document.counting_context``)
    → PDF bytes, on the Decree 30 stylesheet."""
    from core import nd30

    html = render_to_string("signing/pdf/counting_record.html", context)
    return render_html_pdf(
        html,
        images=images,
        stylesheets=(nd30.STYLESHEET, COUNTING_CSS_PATH),
        strict=True,
        custom_metadata=True,
    )
