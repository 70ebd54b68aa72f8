"""QR codes: inline SVG for web pages, a tiny PNG data URI for PDFs."""

import base64
import io
import re

import qrcode
import qrcode.image.svg

_SIZE = re.compile(r'\s(width|height)="[^"]*"')
_ID = re.compile(r'\sid="[^"]*"')


def _qr(data: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=10)
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def qr_svg(data: str) -> str:
    """An ``<svg>`` element drawing ``data`` as a QR code (error correction M).

    It scales to its container (viewBox, no fixed size, no id); the modules
    are one path, so it stays small and prints sharply.
    """
    image = _qr(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1].lstrip()
    svg = _ID.sub("", _SIZE.sub("", svg, count=2))
    return svg.replace("<svg", '<svg class="qr" shape-rendering="crispEdges"', 1)


def qr_png_data_uri(data: str) -> str:
    """A PNG with one pixel per module, for PDFs: tiny, and sharp when drawn
    with ``image-rendering: pixelated`` (WeasyPrint turns interpolation off).

    It uses a fixed mask pattern: all eight are valid (ISO/IEC 18004), and
    scoring them to pick the best costs eight times as much — 4 s of the
    500-badge sheet — for no visible gain on paper.
    """
    from PIL import Image

    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1, mask_pattern=2
    )
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    image = Image.new("L", (size, size))
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def qr_png(data: str) -> bytes:
    """A PNG of ``data`` for documents that embed images (the covenant's verify QR)."""
    image = _qr(data).make_image()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def qr_png_for_email(data: str, *, width: int = 240) -> bytes:
    """A black-and-white PNG at least ``width`` pixels wide, whole pixels
    per module, for emails (an ``<img>`` of that width shows it sharp).
    A fixed mask pattern, as for ``qr_png_data_uri``: scoring all eight
    cost ~80 ms a QR, most of a pass email's sending time."""
    from PIL import Image

    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1, mask_pattern=2
    )
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    image = Image.frombytes("L", (size, size), bytes(0 if d else 255 for r in matrix for d in r))
    scale = max(1, -(-width // size))
    image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST).convert("1")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
