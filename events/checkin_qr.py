"""QR codes for check-in screens, as inline SVG (no files, no CDN)."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An SVG element drawing ``data`` as a QR code (scales with CSS)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]
