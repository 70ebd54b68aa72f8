"""Checking a drawn signature: a real, small, non-blank PNG, re-encoded clean
(ink flattened on white, cropped to the ink, at most print size, no metadata)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io

from django.utils.translation import gettext as _

from signing.errors import SigningError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 300 * 1024
MIN_SIZE = (150, 60)
MAX_SIZE = (2400, 1200)
MIN_INK_PIXELS = 60
# What is kept: the ink plus a margin, scaled down to fit 600 x 300 px, which
# is above 300 dpi in the PDF's 48 x 22 mm signature cell. A phone with a
# dense screen sends a canvas several times that, mostly blank.
STORED_SIZE = (600, 300)
MARGIN = 0.04


def decode_data_url(value: str) -> bytes:
    """The bytes of a ``data:image/png;base64,...`` URL from the signature pad."""
    value = (value or "").strip()
    head, _sep, payload = value.partition(",")
    if head.lower().startswith("data:image/svg") or "<svg" in value[:200].lower():
        raise SigningError(_("SVG signatures are not accepted; draw on the pad."), code="svg")
    if head.lower() != "data:image/png;base64" or not payload:
        raise SigningError(_("The signature must be a PNG image."), code="not_png")
    if len(payload) > MAX_BYTES * 4 // 3 + 8:
        raise SigningError(_("The signature image is too large."), code="too_large")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SigningError(_("The signature image is malformed."), code="malformed") from error


def clean_signature_png(data: bytes) -> tuple[bytes, str]:
    """Validate and re-encode; returns (png bytes, their SHA-256)."""
    from PIL import Image, UnidentifiedImageError

    if data[:5].lstrip().startswith(b"<") or b"<svg" in data[:500].lower():
        raise SigningError(_("SVG signatures are not accepted; draw on the pad."), code="svg")
    if not data.startswith(PNG_MAGIC):
        raise SigningError(_("The signature must be a PNG image."), code="not_png")
    if len(data) > MAX_BYTES:
        raise SigningError(_("The signature image is too large."), code="too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG":
                raise SigningError(_("The signature must be a PNG image."), code="not_png")
            width, height = probe.size
            if width > MAX_SIZE[0] or height > MAX_SIZE[1]:
                raise SigningError(_("The signature image is too large."), code="too_large")
            if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
                raise SigningError(_("The signature image is too small."), code="too_small")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise SigningError(_("The signature image is malformed."), code="malformed") from error
    ink = _ink_mask(image)
    if sum(ink.histogram()[255:]) < MIN_INK_PIXELS:
        raise SigningError(_("The signature is blank; please sign on the pad."), code="blank")
    # Flatten onto white: no alpha channel for the PDF renderer to split off.
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    flat = _fit(flat.crop(_padded(ink.getbbox(), image.size)))
    out = io.BytesIO()
    flat.save(out, format="PNG")
    clean = out.getvalue()
    return clean, hashlib.sha256(clean).hexdigest()


def _ink_mask(image):
    """255 where a pixel is visible and not (near) white, else 0."""
    from PIL import Image

    alpha = image.getchannel("A").point(lambda a: 255 if a > 32 else 0)
    grey = image.convert("L").point(lambda v: 255 if v < 200 else 0)
    return Image.composite(grey, Image.new("L", image.size, 0), alpha)


def _padded(box: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The ink's bounding box grown by a small margin, inside the canvas."""
    left, top, right, bottom = box
    pad = max(8, round(MARGIN * max(right - left, bottom - top)))
    return (
        max(0, left - pad),
        max(0, top - pad),
        min(size[0], right + pad),
        min(size[1], bottom + pad),
    )


def _fit(image):
    from PIL import Image

    if image.width > STORED_SIZE[0] or image.height > STORED_SIZE[1]:
        image.thumbnail(STORED_SIZE, Image.Resampling.LANCZOS)
    return image
