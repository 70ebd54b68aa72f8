"""Checking an uploaded PDF against the sealed original (the public page).

Anyone may post here, so nothing they send reaches the ceremony's audit
chain: each check is logged as a ``PublicVerification`` (result, file hash,
truncated IP; no user agent).
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from django.utils.translation import gettext as _

from signing import sealing
from signing.audit import SYSTEM, RequestMeta, audit_verify, chain_matches
from signing.errors import SigningError
from signing.models import Ceremony, CeremonyState, PublicVerification, VerificationResult

MAX_UPLOAD = 30 * 1024 * 1024


@dataclass(frozen=True)
class VerifyResult:
    sha256: str
    identical: bool
    seal: sealing.SealCheck
    # The ceremony id the PDF states (empty: none, so not one of our covenants).
    stated_ceremony: str = ""
    ceremony_match: bool = False
    # The audit chain still holds the head this PDF states (None: not stated).
    chain_matches: bool | None = None

    @property
    def valid(self) -> bool:
        """Sealed by us, untouched since, and this ceremony's document."""
        return self.seal.valid and self.ceremony_match

    @property
    def other_ceremony(self) -> bool:
        return self.seal.valid and not self.ceremony_match


def ip_prefix(ip: str) -> str:
    """IPv4 /24 or IPv6 /48 network of an address; empty if unparsable."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    bits = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))


def _log(ceremony: Ceremony, meta: RequestMeta, result: str, **fields) -> None:
    PublicVerification.objects.create(
        ceremony=ceremony, result=result, ip_prefix=ip_prefix(meta.ip), **fields
    )


def _refuse(ceremony: Ceremony, meta: RequestMeta, error: SigningError) -> SigningError:
    _log(ceremony, meta, VerificationResult.REFUSED, code=error.code)
    return error


def pdf_verify(*, ceremony: Ceremony, data: bytes, meta: RequestMeta = SYSTEM) -> VerifyResult:
    if ceremony.state != CeremonyState.SEALED:
        raise _refuse(
            ceremony,
            meta,
            SigningError(_("This covenant has not been sealed yet."), code="not_sealed"),
        )
    if not data.startswith(b"%PDF-"):
        raise _refuse(
            ceremony, meta, SigningError(_("The uploaded file is not a PDF."), code="not_pdf")
        )
    if len(data) > MAX_UPLOAD:
        raise _refuse(
            ceremony, meta, SigningError(_("The uploaded file is too large."), code="too_large")
        )
    digest = hashlib.sha256(data).hexdigest()
    seal = sealing.validate_pdf(data)
    statement = sealing.pdf_statement(data) if seal.valid else {}
    stated = statement.get("ceremony", "")
    match = bool(stated) and stated == ceremony.public_id
    chain = None
    if match and statement.get("audit_head"):
        count = statement.get("audit_count") or "0"
        chain = (
            count.isdigit()
            and audit_verify(ceremony=ceremony).ok
            and chain_matches(ceremony=ceremony, count=int(count), head=statement["audit_head"])
        )
    result = VerifyResult(
        sha256=digest,
        identical=digest == ceremony.pdf_sha256,
        seal=seal,
        stated_ceremony=stated,
        ceremony_match=match,
        chain_matches=chain,
    )
    if result.valid:
        outcome = VerificationResult.VALID
    elif result.other_ceremony:
        outcome = VerificationResult.OTHER_CEREMONY
    else:
        outcome = VerificationResult.INVALID
    _log(
        ceremony,
        meta,
        outcome,
        identical=result.identical,
        code=seal.problem,
        file_sha256=digest,
    )
    return result
