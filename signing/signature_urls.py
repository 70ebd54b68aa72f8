"""Short-lived signed URLs of signature images.

Signature images are officials' handwriting: they are never served under a
guessable address. A URL names the signatory and the image's SHA-256 and is
signed with a timestamp (``django.core.signing``); it dies after
``MAX_AGE`` seconds and as soon as the image it named is voided. URLs are
minted only for viewers who pass ``permissions.can_see_signatures``.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

SALT = "signing.signature-image"
MAX_AGE = 300


def signature_image_url(
    *, slug: str, ceremony_id: int, signatory_id: int, image_sha256: str
) -> str:
    """The image URL of a signed signatory, valid for ``MAX_AGE`` seconds."""
    token = signing.dumps({"c": ceremony_id, "s": signatory_id, "h": image_sha256[:32]}, salt=SALT)
    return reverse("signing:signature_image", args=[slug, token])


def with_image_urls(payload: dict, *, slug: str, ceremony_id: int) -> dict:
    """The grid payload with a fresh image URL in each signed cell (for staff)."""
    cells = [
        {
            **cell,
            "image": signature_image_url(
                slug=slug,
                ceremony_id=ceremony_id,
                signatory_id=cell["id"],
                image_sha256=cell["image_sha256"],
            )
            if cell["signed"]
            else "",
        }
        for cell in payload["cells"]
    ]
    return {**payload, "cells": cells}


def signature_token_read(token: str) -> dict | None:
    """{"c": ceremony id, "s": signatory id, "h": image hash prefix}, or None
    if the token is forged or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None
