"""The agenda as an A4 PDF. The only module of the agenda that imports
WeasyPrint, lazily; it fetches nothing but our own static files."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()


def _fetcher():
    from weasyprint import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """User text in the agenda cannot make the server fetch a URL."""

        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(STATIC_DIR) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:80]}")

    return StaticOnlyFetcher()


def agenda_pdf(*, conference, items: list) -> bytes:
    from weasyprint import HTML

    with override("vi"):
        html = render_to_string(
            "events/agenda/pdf.html", {"conference": conference, "items": items}
        )
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()
