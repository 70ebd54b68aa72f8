"""HTML → PDF with WeasyPrint: the one module that imports it (lazily), with
the one URL fetcher every PDF of the project uses.

User text reaches a PDF only through autoescaped templates. The fetcher
serves files under ``static/`` (fonts, stylesheets, images), ``data:`` URLs
and the in-memory images a caller hands in as ``img:<key>``; it refuses
everything else, so text in a PDF cannot make the server fetch a URL
(WeasyPrint docs, "Security"). Stylesheets are parsed once per process,
with one font configuration, and renders take turns: WeasyPrint's font
configuration is not safe to share between threads.
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

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
FONTS_DIR = STATIC_DIR / "fonts"
IMAGE_SCHEME = "img:"
_render_lock = threading.Lock()
# WeasyPrint reports every layout step at INFO; keep the server log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):
        """Our static files, data: URLs and the images handed in; nothing else."""

        def __init__(self, images: dict[str, bytes] | None = None, strict: bool = False):
            super().__init__(allowed_protocols=["file", "data", "img"], fail_on_errors=strict)
            self.images = images or {}

        def fetch(self, url, headers=None):
            if url.startswith(IMAGE_SCHEME):
                data = self.images[url.removeprefix(IMAGE_SCHEME)]
                return URLFetcherResponse(url, data, {"Content-Type": "image/png"})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(STATIC_DIR) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:80]}")

    return SafeFetcher


def safe_fetcher(images: dict[str, bytes] | None = None, *, strict: bool = False):
    """The fetcher; ``strict`` makes a refused or missing resource an error
    instead of a logged warning (a sealed document must not lose its fonts)."""
    return _fetcher_class()(images, strict)


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    # Release the fonts before interpreter teardown (FontConfiguration.__del__
    # needs modules that are gone by then).
    atexit.register(_font_config.cache_clear)
    atexit.register(stylesheet.cache_clear)
    return FontConfiguration()


@lru_cache(maxsize=8)
def stylesheet(path: Path):
    """A CSS file parsed once per process, its fonts resolved from static/fonts."""
    from weasyprint import CSS

    return CSS(
        string=Path(path).read_text(encoding="utf-8"),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=safe_fetcher(strict=True),
        font_config=_font_config(),
    )


def render_html_pdf(
    html: str,
    *,
    images: dict[str, bytes] | None = None,
    stylesheets: tuple[Path, ...] = (),
    strict: bool = False,
    custom_metadata: bool = False,
) -> bytes:
    """HTML → PDF bytes. Relative URLs resolve under static/; ``images`` are
    served as ``img:<key>``; ``stylesheets`` are parsed once per process;
    ``custom_metadata`` turns ``<meta name=…>`` tags into document info keys."""
    from weasyprint import HTML

    with _render_lock:
        font_config = _font_config()
        document = HTML(
            string=html,
            base_url=STATIC_DIR.as_uri() + "/",
            url_fetcher=safe_fetcher(images, strict=strict),
        )
        out = io.BytesIO()
        document.write_pdf(
            out,
            stylesheets=[stylesheet(path) for path in stylesheets],
            font_config=font_config,
            custom_metadata=custom_metadata,
        )
        return out.getvalue()


def render_pdf(template: str, context: dict) -> bytes:
    """A template rendered (autoescaped) and turned into PDF bytes."""
    return render_html_pdf(render_to_string(template, context))
