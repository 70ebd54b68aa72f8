"""HTML → PDF with WeasyPrint (imported lazily), fetching only our static files."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def _fetcher():
    from weasyprint import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """Serves files under static/ and data: URLs; refuses everything else,
        so user text in a PDF cannot make the server fetch a URL."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(STATIC_DIR.resolve()) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:80]}")

    return StaticOnlyFetcher()


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()
