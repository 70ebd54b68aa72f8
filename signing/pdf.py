"""The covenant as a PDF (Decree 30/2020 layout). The only module that imports
WeasyPrint, lazily; fonts and the stylesheet are parsed once per process.

User text reaches the PDF only through an autoescaped template, and the URL
fetcher serves nothing but our bundled fonts and the images handed in.
"""

from __future__ import annotations

import atexit
import io
import logging
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = Path(settings.BASE_DIR) / "static"
FONTS_DIR = STATIC_DIR / "fonts"
CSS_PATH = Path(__file__).resolve().parent / "pdf.css"
IMAGE_SCHEME = "img:"
_render_lock = threading.Lock()
# WeasyPrint reports every layout step at INFO; keep the server log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):
        """Bundled fonts from static/fonts and in-memory PNGs; nothing else."""

        def __init__(self, images: dict[str, bytes] | None = None):
            super().__init__(allowed_protocols=["file", "img"], fail_on_errors=True)
            self.images = images or {}

        def fetch(self, url, headers=None):
            if url.startswith(IMAGE_SCHEME):
                data = self.images[url.removeprefix(IMAGE_SCHEME)]
                return URLFetcherResponse(url, data, {"Content-Type": "image/png"})
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://")).resolve()
                if path.is_relative_to(FONTS_DIR) and path.suffix == ".ttf":
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})
            raise ValueError(f"Refused to fetch {url}")

    return SafeFetcher


def safe_fetcher(images: dict[str, bytes] | None = None):
    return _fetcher_class()(images)


@lru_cache(maxsize=1)
def _resources():
    """(FontConfiguration, CSS): fonts and styles parsed once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = CSS(
        string=CSS_PATH.read_text(encoding="utf-8"),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=safe_fetcher(),
        font_config=font_config,
    )
    # Release the fonts before interpreter teardown (FontConfiguration.__del__
    # needs modules that are gone by then).
    atexit.register(_resources.cache_clear)
    return font_config, css


def covenant_html(context: dict) -> str:
    return render_to_string("signing/pdf/covenant.html", context)


def render_pdf(html: str, images: dict[str, bytes]) -> bytes:
    """HTML (from ``covenant_html``) → PDF bytes."""
    from weasyprint import HTML

    with _render_lock:
        font_config, css = _resources()
        document = HTML(
            string=html, base_url=FONTS_DIR.as_uri() + "/", url_fetcher=safe_fetcher(images)
        )
        out = io.BytesIO()
        # custom_metadata: the <meta name="hoinghi-..."> tags become document
        # info keys (the ceremony's id, the audit chain's head).
        document.write_pdf(out, stylesheets=[css], font_config=font_config, custom_metadata=True)
        return out.getvalue()


def qr_png(text: str) -> bytes:
    import qrcode

    image = qrcode.make(text, box_size=6, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
