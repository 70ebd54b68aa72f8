"""Checking an uploaded PDF against the sealed original (the public page).

Anyone may post here, so nothing they send reaches the ceremony's audit
chain: each check is logged as a ``PublicVerification`` (result, file hash,
truncated IP; no user agent).
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable
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


def upload_problem(data: bytes) -> SigningError | None:
    """Why an upload cannot be checked at all (not a PDF, too large)."""
    if not data.startswith(b"%PDF-"):
        return SigningError(_("The uploaded file is not a PDF."), code="not_pdf")
    if len(data) > MAX_UPLOAD:
        return SigningError(_("The uploaded file is too large."), code="too_large")
    return None


def outcome_of(result: VerifyResult) -> str:
    if result.valid:
        return VerificationResult.VALID
    if result.other_ceremony:
        return VerificationResult.OTHER_CEREMONY
    return VerificationResult.INVALID


def sealed_copy_verify(
    *,
    data: bytes,
    public_id: str,
    pdf_sha256: str,
    not_sealed: SigningError | None,
    log: Callable[..., None],
) -> VerifyResult:
    """Is ``data`` the sealed document ``public_id`` (or an untouched copy)?
    Every answer, refusals included, goes to ``log(result, **fields)`` (a
    ``PublicVerification`` row)."""
    problem = not_sealed or upload_problem(data)
    if problem is not None:
        log(VerificationResult.REFUSED, code=problem.code)
        raise problem
    digest = hashlib.sha256(data).hexdigest()
    seal = sealing.validate_pdf(data)
    stated = sealing.pdf_statement(data).get("ceremony", "") if seal.valid else ""
    result = VerifyResult(
        sha256=digest,
        identical=digest == pdf_sha256,
        seal=seal,
        stated_ceremony=stated,
        ceremony_match=bool(stated) and stated == public_id,
    )
    log(outcome_of(result), identical=result.identical, code=seal.problem, file_sha256=digest)
    return result


def _log(ceremony: Ceremony, meta: RequestMeta, result: str, **fields) -> None:
    PublicVerification.objects.create(
        ceremony=ceremony, result=result, ip_prefix=ip_prefix(meta.ip), **fields
    )


def pdf_verify(*, ceremony: Ceremony, data: bytes, meta: RequestMeta = SYSTEM) -> VerifyResult:
    """The covenant: as ``sealed_copy_verify``, and the audit chain must
    still hold the head the PDF states."""
    problem = upload_problem(data)
    if ceremony.state != CeremonyState.SEALED:
        problem = SigningError(_("This covenant has not been sealed yet."), code="not_sealed")
    if problem is not None:
        _log(ceremony, meta, VerificationResult.REFUSED, code=problem.code)
        raise problem
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
    _log(
        ceremony,
        meta,
        outcome_of(result),
        identical=result.identical,
        code=seal.problem,
        file_sha256=digest,
    )
    return result
