"""Checking an uploaded PDF against the sealed original."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from signing import sealing
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.models import AuditKind, Ceremony, CeremonyState

MAX_UPLOAD = 30 * 1024 * 1024


@dataclass(frozen=True)
class VerifyResult:
    sha256: str
    identical: bool
    seal: sealing.SealCheck


def pdf_verify(*, ceremony: Ceremony, data: bytes, meta: RequestMeta = SYSTEM) -> VerifyResult:
    if ceremony.state != CeremonyState.SEALED:
        raise SigningError(_("This covenant has not been sealed yet."), code="not_sealed")
    if not data.startswith(b"%PDF-"):
        raise SigningError(_("The uploaded file is not a PDF."), code="not_pdf")
    if len(data) > MAX_UPLOAD:
        raise SigningError(_("The uploaded file is too large."), code="too_large")
    digest = hashlib.sha256(data).hexdigest()
    result = VerifyResult(
        sha256=digest, identical=digest == ceremony.pdf_sha256, seal=sealing.validate_pdf(data)
    )
    audit_append(
        ceremony=ceremony,
        kind=AuditKind.VERIFIED,
        meta=meta,
        image_sha256=digest,
        detail=f"identical={result.identical} seal_valid={result.seal.valid}",
    )
    return result
