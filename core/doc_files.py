"""Uploaded papers (PDF, DOCX): what the bytes really are, and what a phone
can read without an app (page images, sanitised HTML).

No domain here: ``inspect_document`` refuses with a ``DomainError`` and a
stable code, the renderers return bytes or text. The name a file came with
is never trusted; only its content decides its type.

* PDF: ``%PDF-`` in the first KB, parsed by pypdf (encrypted or broken files
  are refused), pages rendered by pdfium (pypdfium2) to WebP images.
* DOCX: a ZIP holding ``[Content_Types].xml`` and ``word/document.xml``,
  with a bound on the members and on the declared unpacked size (a ZIP
  member never unpacks past its declared size: ``zipfile`` stops there and
  checks the CRC), no macros; turned into HTML by mammoth and re-serialised
  through an allow-list of tags (``sanitize_html``).
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: "pdf", DOCX: "docx"}

#: Bounds of a DOCX's ZIP (a 20 MB document never comes near them).
DOCX_MAX_MEMBERS = 2000
DOCX_MAX_UNPACKED = 200 * 1024 * 1024
#: Page images: pixels across (about 120 dpi on A4: sharp on a 360 px phone
#: at 2.75x, room for a pinch), in a 32-colour palette: paper is mostly text,
#: and a palette PNG of a dense page is ~80 KB where WebP or JPEG of the same
#: sharpness are two to three times larger (bench/document_render.py).
PAGE_WIDTH_PX = 1000
PAGE_COLOURS = 32


@dataclass(frozen=True)
class Inspected:
    content_type: str
    page_count: int | None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _refuse(message, code: str) -> DomainError:
    return DomainError(message, code, field="file")


def _pdf_broken() -> DomainError:
    return _refuse(
        _("This PDF cannot be read; it may be damaged. Export it again and upload the new file."),
        "pdf_broken",
    )


def inspect_document(data: bytes, *, max_bytes: int, max_pages: int) -> Inspected:
    """The content type of ``data`` judged from its bytes, or a refusal:
    ``file_empty``, ``file_too_large``, ``file_type_unsupported``,
    ``pdf_encrypted``, ``pdf_broken``, ``pdf_too_many_pages``,
    ``docx_broken``, ``docx_too_large_unpacked``, ``docx_macros``."""
    if not data:
        raise _refuse(_("The file is empty."), "file_empty")
    if len(data) > max_bytes:
        raise _refuse(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // 2**20},
            "file_too_large",
        )
    if b"%PDF-" in data[:1024]:
        return Inspected(PDF, _pdf_page_count(data, max_pages=max_pages))
    if data[:4] == b"PK\x03\x04":
        _check_docx(data)
        return Inspected(DOCX, None)
    raise _refuse(
        _(
            "This file is neither a PDF nor a Word (DOCX) document, whatever its name "
            "says. Save it as PDF or DOCX and upload it again."
        ),
        "file_type_unsupported",
    )


def _pdf_page_count(data: bytes, *, max_pages: int) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    broken = _pdf_broken()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse(
                _(
                    "This PDF is protected by a password. Upload a copy without "
                    "protection so delegates can read it."
                ),
                "pdf_encrypted",
            )
        count = len(reader.pages)
    except DomainError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise broken from error
    if count == 0:
        raise broken
    if count > max_pages:
        raise _refuse(
            _("This PDF has %(n)s pages; at most %(max)s are accepted.")
            % {"n": count, "max": max_pages},
            "pdf_too_many_pages",
        )
    return count


def _check_docx(data: bytes) -> None:
    broken = _refuse(
        _("This Word file cannot be read; it may be damaged. Save it again as DOCX."),
        "docx_broken",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise broken from error
    if (
        len(members) > DOCX_MAX_MEMBERS
        or sum(member.file_size for member in members) > DOCX_MAX_UNPACKED
    ):
        raise _refuse(
            _("This file unpacks to far more than a document holds; it was refused."),
            "docx_too_large_unpacked",
        )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _refuse(
            _(
                "This file is neither a PDF nor a Word (DOCX) document, whatever its name "
                "says. Save it as PDF or DOCX and upload it again."
            ),
            "file_type_unsupported",
        )
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _refuse(
            _("Word files with macros are not accepted. Save it as a plain DOCX."),
            "docx_macros",
        )
    try:
        if archive.testzip() is not None:
            raise broken
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise broken from error


# --- PDF → page images -----------------------------------------------------------------


def pdf_page_sizes(data: bytes, *, width_px: int = PAGE_WIDTH_PX) -> list[tuple[int, int]]:
    """The (width, height) each page's image will have, from the page boxes
    alone (milliseconds: nothing is drawn). Raises ``pdf_broken``."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
        try:
            sizes = []
            for index in range(len(document)):
                width, height = document.get_page_size(index)
                scale = width_px / max(width, 1)
                # As pdfium sizes the bitmap it draws (PdfPage.render).
                sizes.append((math.ceil(width * scale), math.ceil(height * scale)))
        finally:
            document.close()
    except pdfium.PdfiumError as error:
        raise _pdf_broken() from error
    return sizes


def pdf_page_images(data: bytes, *, width_px: int = PAGE_WIDTH_PX) -> list[tuple[bytes, int, int]]:
    """Every page as (PNG bytes, width, height). Raises ``pdf_broken``."""
    import pypdfium2 as pdfium
    from PIL import Image

    images = []
    try:
        document = pdfium.PdfDocument(data)
        try:
            for index in range(len(document)):
                page = document[index]
                scale = width_px / max(page.get_width(), 1)
                bitmap = page.render(scale=scale, may_draw_forms=False)
                image = (
                    bitmap.to_pil()
                    .convert("RGB")
                    .quantize(PAGE_COLOURS, method=Image.Quantize.FASTOCTREE)
                )
                buffer = io.BytesIO()
                image.save(buffer, "PNG")
                images.append((buffer.getvalue(), image.width, image.height))
                page.close()
        finally:
            document.close()
    except pdfium.PdfiumError as error:
        raise _pdf_broken() from error
    return images


# --- DOCX → HTML -----------------------------------------------------------------------

#: Tags kept from mammoth's output; every other tag is dropped (its text kept,
#: escaped), every attribute but these is dropped.
ALLOWED_TAGS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br"),
        *("strong", "em", "u", "s", "sub", "sup", "ul", "ol", "li"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
ALLOWED_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
VOID_TAGS = frozenset({"br"})
#: Content dropped whole, text included.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math"})


class _Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED_TAGS:
            return
        kept = ""
        for name, value in attrs:
            if name in ALLOWED_ATTRIBUTES.get(tag, ()) and (value or "").isdigit():
                kept += f' {name}="{int(value)}"'
        self.out.append(f"<{tag}{kept}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.open and self.open[-1] == tag and tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in ALLOWED_TAGS or tag in VOID_TAGS or tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def sanitize_html(html: str) -> str:
    """``html`` re-written with only ``ALLOWED_TAGS`` and their few numeric
    attributes; all text escaped; no links, images, styles or scripts."""
    sanitizer = _Sanitizer()
    sanitizer.feed(html)
    return sanitizer.result()


def docx_html(data: bytes) -> str:
    """The document's text as sanitised HTML (images left out: the reader
    downloads the original for them). Raises ``docx_broken``."""
    import mammoth

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            convert_image=mammoth.images.img_element(lambda image: {}),
        )
    except Exception as error:  # mammoth raises whatever a bad file provokes
        raise _refuse(
            _("This Word file cannot be read; it may be damaged. Save it again as DOCX."),
            "docx_broken",
        ) from error
    return sanitize_html(result.value)
