"""Sealing the signed minutes and checking an uploaded copy: the covenant's
mechanism (``signing.sealing``: PAdES with the organisation's key, the
document's id in its info) applied to a second kind of document.

As for the covenant, rendering and signing run with no lock held; the
state change then commits only if nothing moved meanwhile.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from events.services.activity import activity_record
from signing import sealing
from signing.audit import SYSTEM, RequestMeta
from signing.errors import SigningError
from signing.minutes_document import minutes_context, minutes_record
from signing.models import (
    Minutes,
    MinutesSigner,
    MinutesState,
    PublicVerification,
    VerificationResult,
)
from signing.services.verify import MAX_UPLOAD, VerifyResult, ip_prefix


def minutes_signers(minutes: Minutes, *, images: bool = True) -> list[MinutesSigner]:
    signers = MinutesSigner.objects.filter(minutes=minutes)
    if not images:
        signers = signers.defer("signature_png")
    return sorted(signers, key=lambda s: s.role != "secretary")


def minutes_pdf_bytes(*, minutes: Minutes, base_url: str = "") -> bytes:
    """The PDF as it stands (the draft before finalising; unsealed)."""
    from signing import pdf

    context, images = minutes_context(
        minutes=minutes, signers=minutes_signers(minutes), base_url=base_url
    )
    with override("vi"):
        return pdf.minutes_pdf(context, images)


def _snapshot(minutes: Minutes, signers: list[MinutesSigner]) -> tuple:
    return (
        minutes.state,
        minutes.text_sha256,
        tuple((s.pk, s.signed_at, s.signature_sha256) for s in signers),
    )


def _check(minutes: Minutes, signers: list[MinutesSigner]) -> None:
    if minutes.state == MinutesState.SEALED:
        raise SigningError(_("The minutes are sealed; nothing can change."), code="sealed")
    if minutes.state != MinutesState.FINAL:
        raise SigningError(_("Finalise the minutes first."), code="not_final")
    if not all(s.has_signed for s in signers):
        raise SigningError(
            _("Both the secretary and the chair must sign before sealing."),
            code="missing_signatures",
        )


def minutes_seal(*, minutes: Minutes, meta: RequestMeta = SYSTEM, base_url: str = "") -> Minutes:
    """Render, seal (PAdES), store; call it outside a transaction."""
    from signing import pdf

    minutes = Minutes.objects.select_related("conference").get(pk=minutes.pk)
    signers = minutes_signers(minutes)
    _check(minutes, signers)
    before = _snapshot(minutes, signers)
    context, images = minutes_context(minutes=minutes, signers=signers, base_url=base_url)
    with override("vi"):
        unsealed = pdf.minutes_pdf(context, images)
    sealed = sealing.seal_pdf(unsealed, reason="Biên bản", location=minutes.place)
    digest = hashlib.sha256(sealed).hexdigest()
    record = minutes_record(context, minutes.conference.title)
    record["certificate"] = sealing.current_fingerprint()
    stored = ""
    try:
        with transaction.atomic():
            locked = (
                Minutes.objects.select_for_update().select_related("conference").get(pk=minutes.pk)
            )
            now_signers = minutes_signers(locked, images=False)
            _check(locked, now_signers)
            if _snapshot(locked, now_signers) != before:
                raise SigningError(
                    _("Something changed while the PDF was being sealed. Seal again."),
                    code="changed_while_sealing",
                )
            now = timezone.now()
            locked.pdf.save(f"{locked.public_id}.pdf", ContentFile(sealed), save=False)
            stored = locked.pdf.name
            record["sealed_at"] = now.isoformat()
            locked.pdf_sha256 = digest
            locked.state = MinutesState.SEALED
            locked.sealed_at = now
            locked.sealed_record = record
            locked.save(update_fields=["pdf", "pdf_sha256", "state", "sealed_at", "sealed_record"])
            activity_record(
                conference=locked.conference,
                action="minutes.sealed",
                obj=locked,
                data={"pdf_sha256": digest},
                meta=meta,
            )
    except BaseException:
        if stored:
            minutes.pdf.storage.delete(stored)
        raise
    return locked


def _log(minutes: Minutes, meta: RequestMeta, result: str, **fields) -> None:
    PublicVerification.objects.create(
        minutes=minutes, result=result, ip_prefix=ip_prefix(meta.ip), **fields
    )


def minutes_pdf_verify(
    *, minutes: Minutes, data: bytes, meta: RequestMeta = SYSTEM
) -> VerifyResult:
    """Is this upload the sealed minutes (or an untouched copy of them)?"""
    problem = None
    if minutes.state != MinutesState.SEALED:
        problem = SigningError(_("These minutes have not been sealed yet."), code="not_sealed")
    elif not data.startswith(b"%PDF-"):
        problem = SigningError(_("The uploaded file is not a PDF."), code="not_pdf")
    elif len(data) > MAX_UPLOAD:
        problem = SigningError(_("The uploaded file is too large."), code="too_large")
    if problem is not None:
        _log(minutes, meta, VerificationResult.REFUSED, code=problem.code)
        raise problem
    digest = hashlib.sha256(data).hexdigest()
    seal = sealing.validate_pdf(data)
    stated = sealing.pdf_statement(data).get("ceremony", "") if seal.valid else ""
    result = VerifyResult(
        sha256=digest,
        identical=digest == minutes.pdf_sha256,
        seal=seal,
        stated_ceremony=stated,
        ceremony_match=bool(stated) and stated == minutes.public_id,
    )
    if result.valid:
        outcome = VerificationResult.VALID
    elif result.other_ceremony:
        outcome = VerificationResult.OTHER_CEREMONY
    else:
        outcome = VerificationResult.INVALID
    _log(minutes, meta, outcome, identical=result.identical, code=seal.problem, file_sha256=digest)
    return result
