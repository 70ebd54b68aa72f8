"""QR codes as inline SVG (no image files, no JavaScript)."""

import re

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An ``<svg>`` element drawing ``data`` as a QR code (error correction M).

    The SVG scales to its container (viewBox, no fixed size); modules are a
    single path, so it stays small and prints sharply.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=10)
    qr.add_data(data)
    qr.make(fit=True)
    image = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1].lstrip()
    # Drop the fixed size (25mm...) so CSS decides; keep the viewBox.
    return _SIZE.sub("", svg, count=1).replace(
        "<svg", '<svg class="qr" shape-rendering="crispEdges"', 1
    )


_SIZE = re.compile(r'\s(width|height)="[^"]*"(\s(width|height)="[^"]*")?')
