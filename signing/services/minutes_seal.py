"""Sealing the signed minutes and checking an uploaded copy: the covenant's
mechanism (``signing.sealing``: PAdES with the organisation's key, the
document's id in its info) applied to a second kind of document.

Sealing goes through ``seal_store.seal_and_store`` like the covenant's:
rendering and signing run with no lock held; the state change then commits
only if nothing moved meanwhile.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import override

from events.services.activity import activity_record
from signing.audit import SYSTEM, RequestMeta
from signing.errors import SigningError
from signing.minutes_document import minutes_context, minutes_record
from signing.models import (
    Minutes,
    MinutesSigner,
    MinutesState,
    PublicVerification,
)
from signing.services.seal_store import SealedPdf, changed_while_sealing, seal_and_store
from signing.services.verify import VerifyResult, ip_prefix, sealed_copy_verify


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
    record = minutes_record(context, minutes.conference.title)

    def lock() -> Minutes:
        return Minutes.objects.select_for_update().select_related("conference").get(pk=minutes.pk)

    def recheck(locked: Minutes) -> None:
        now_signers = minutes_signers(locked, images=False)
        _check(locked, now_signers)
        if _snapshot(locked, now_signers) != before:
            raise changed_while_sealing()

    def store(locked: Minutes, sealed: SealedPdf) -> Minutes:
        sealed.save_into(locked.pdf, f"{locked.public_id}.pdf")
        record["certificate"] = sealed.certificate
        record["sealed_at"] = sealed.at.isoformat()
        locked.pdf_sha256 = sealed.sha256
        locked.state = MinutesState.SEALED
        locked.sealed_at = sealed.at
        locked.sealed_record = record
        locked.save(update_fields=["pdf", "pdf_sha256", "state", "sealed_at", "sealed_record"])
        activity_record(
            conference=locked.conference,
            action="minutes.sealed",
            obj=locked,
            data={"pdf_sha256": sealed.sha256},
            meta=meta,
        )
        return locked

    return seal_and_store(
        unsealed=unsealed,
        reason="Biên bản",
        location=minutes.place,
        lock=lock,
        recheck=recheck,
        store=store,
    )


def _log(minutes: Minutes, meta: RequestMeta, result: str, **fields) -> None:
    PublicVerification.objects.create(
        minutes=minutes, result=result, ip_prefix=ip_prefix(meta.ip), **fields
    )


def minutes_pdf_verify(
    *, minutes: Minutes, data: bytes, meta: RequestMeta = SYSTEM
) -> VerifyResult:
    """Is this upload the sealed minutes (or an untouched copy of them)?"""
    not_sealed = None
    if minutes.state != MinutesState.SEALED:
        not_sealed = SigningError(_("These minutes have not been sealed yet."), code="not_sealed")
    return sealed_copy_verify(
        data=data,
        public_id=minutes.public_id,
        pdf_sha256=minutes.pdf_sha256,
        not_sealed=not_sealed,
        log=lambda result, **fields: _log(minutes, meta, result, **fields),
    )
