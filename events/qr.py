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
    """One pixel per module: tiny, and sharp when drawn with
    ``image-rendering: pixelated`` (WeasyPrint turns interpolation off)."""
    qr = _qr(data)
    qr.box_size = 1
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
