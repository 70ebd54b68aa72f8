"""Photos for the news article: checked from their bytes by Pillow, turned
upright, stripped of EXIF (GPS included), resized, with a thumbnail."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from events.services.activity import activity_record
from signing.audit import SYSTEM, RequestMeta
from signing.errors import SigningError
from signing.models import NewsPhoto

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 50-megapixel camera is fine; a bomb is not
LONG_SIDE = 1600
THUMB_SIDE = 400
FORMATS = {"JPEG", "PNG", "WEBP"}


def _open(data: bytes):
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise SigningError(_("The photo is larger than 15 MB."), code="photo_too_large")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in FORMATS:
                raise SigningError(_("Upload a JPEG, PNG or WebP photo."), code="photo_type")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise SigningError(
            _("The photo has too many pixels (over 40 megapixels): it is refused."),
            code="photo_bomb",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise SigningError(
            _("This file is not a photo we can read (JPEG, PNG or WebP)."), code="photo_type"
        ) from error
    return image


def _resized(image, side: int) -> bytes:
    from PIL import Image

    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=85, optimize=True)  # no exif= : nothing kept
    return out.getvalue()


def _upright_rgb(image):
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        from PIL import Image

        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _caption(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())[:300]


@transaction.atomic
def news_photo_upload(
    *, conference, data: bytes, caption: str = "", meta: RequestMeta = SYSTEM
) -> NewsPhoto:
    image = _upright_rgb(_open(data))
    large = _resized(image, LONG_SIDE)
    thumb = _resized(image, THUMB_SIDE)
    from PIL import Image

    with Image.open(io.BytesIO(large)) as check:
        width, height = check.size
    digest = hashlib.sha256(large).hexdigest()
    last = conference.news_photos.aggregate(m=Max("position"))["m"]
    photo = NewsPhoto(
        conference=conference,
        width=width,
        height=height,
        caption=_caption(caption),
        position=(last or 0) + 1,
        sha256=digest,
        uploaded_by=meta.user,
    )
    photo.image.save(f"{digest[:20]}.jpg", ContentFile(large), save=False)
    photo.thumbnail.save(f"{digest[:20]}-thumb.jpg", ContentFile(thumb), save=False)
    photo.save()
    activity_record(
        conference=conference,
        action="news_photo.uploaded",
        obj=photo,
        data={"sha256": digest, "width": width, "height": height},
        meta=meta,
    )
    return photo


@transaction.atomic
def news_photo_update(
    *, photo: NewsPhoto, caption: str, position: int, meta: RequestMeta = SYSTEM
) -> NewsPhoto:
    photo.caption = _caption(caption)
    photo.position = max(0, min(int(position), 999))
    photo.save(update_fields=["caption", "position"])
    activity_record(conference=photo.conference, action="news_photo.updated", obj=photo, meta=meta)
    return photo


@transaction.atomic
def news_photo_delete(*, photo: NewsPhoto, meta: RequestMeta = SYSTEM) -> None:
    activity_record(
        conference=photo.conference,
        action="news_photo.deleted",
        obj=photo,
        data={"sha256": photo.sha256},
        meta=meta,
    )
    for field in (photo.image, photo.thumbnail):
        if field.name:
            field.storage.delete(field.name)
    photo.delete()
