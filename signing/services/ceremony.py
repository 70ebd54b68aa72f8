"""Ceremony state transitions: open (freeze the text), reopen, cancel."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.services.activity import activity_record
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.markup import parse_body
from signing.models import (
    AuditKind,
    Ceremony,
    CeremonyState,
    KioskSession,
    SigningLink,
    VoidedSignature,
)
from signing.models.audit import detail_encode
from signing.services.covenants import (
    covenant_snapshot,
    ensure_editable,
    snapshot_json,
    text_sha256,
)
from signing.services.live import broadcast_grid


def _locked(ceremony: Ceremony) -> Ceremony:
    return Ceremony.objects.select_for_update().select_related("covenant").get(pk=ceremony.pk)


@transaction.atomic
def ceremony_open(*, ceremony: Ceremony, meta: RequestMeta = SYSTEM) -> Ceremony:
    """Freeze the covenant text, record its SHA-256 and accept signatures."""
    ceremony = _locked(ceremony)
    ensure_editable(ceremony)
    if ceremony.state != CeremonyState.DRAFT:
        raise SigningError(_("Signing is already open."), code="already_open")
    covenant = ceremony.covenant
    if not any(section.clauses or section.paragraphs for section in parse_body(covenant.body)):
        raise SigningError(_("The covenant has no clauses yet."), code="empty_text")
    unnamed = [s.unit.name for s in ceremony.signatories.select_related("unit") if not s.full_name]
    if unnamed:
        raise SigningError(
            _("Name the signer for: %(units)s.") % {"units": "; ".join(unnamed)},
            code="unnamed_signatory",
        )
    ceremony.frozen_text = snapshot_json(covenant_snapshot(covenant))
    ceremony.text_sha256 = text_sha256(ceremony.frozen_text)
    ceremony.state = CeremonyState.OPEN
    ceremony.opened_at = timezone.now()
    ceremony.save(update_fields=["frozen_text", "text_sha256", "state", "opened_at"])
    audit_append(ceremony=ceremony, kind=AuditKind.OPENED, meta=meta)
    activity_record(
        conference=ceremony.covenant.conference, action="ceremony.opened", obj=ceremony, meta=meta
    )
    broadcast_grid(ceremony)
    return ceremony


@transaction.atomic
def ceremony_reopen(*, ceremony: Ceremony, reason: str, meta: RequestMeta = SYSTEM) -> Ceremony:
    """Back to draft so the text can change. Every signature so far is voided:
    kept as a ``VoidedSignature`` (image included, never printed), each one
    recorded in the audit log with who voided it and why."""
    ceremony = _locked(ceremony)
    ensure_editable(ceremony)
    if ceremony.state != CeremonyState.OPEN:
        raise SigningError(_("Only an open ceremony can be reopened."), code="not_open")
    reason = reason.strip()
    if not reason:
        raise SigningError(_("Say why the ceremony is reopened."), code="no_reason")
    now = timezone.now()
    signed = list(
        ceremony.signatories.select_for_update()
        .filter(signed_at__isnull=False)
        .select_related("unit")
        .order_by("position")
    )
    for signatory in signed:
        VoidedSignature.objects.create(
            ceremony=ceremony,
            signatory=signatory,
            full_name=signatory.full_name,
            signed_at=signatory.signed_at,
            signed_by_id=signatory.signed_by_id,
            mode=signatory.mode,
            text_sha256=ceremony.text_sha256,
            signature_png=bytes(signatory.signature_png or b""),
            signature_sha256=signatory.signature_sha256,
            voided_at=now,
            voided_by=meta.user,
            voided_by_email=getattr(meta.user, "email", "") or "",
            void_reason=reason,
        )
        audit_append(
            ceremony=ceremony,
            kind=AuditKind.VOIDED,
            meta=meta,
            signatory=signatory,
            mode=signatory.mode,
            image_sha256=signatory.signature_sha256,
            detail=reason,
        )
    # The signatory may sign the new text; the image now lives in the record.
    ceremony.signatories.filter(pk__in=[s.pk for s in signed]).update(
        signed_at=None, signed_by=None, mode="", signature_png=None, signature_sha256=""
    )
    SigningLink.objects.filter(
        signatory__ceremony=ceremony, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    KioskSession.objects.filter(ceremony=ceremony, closed_at__isnull=True).update(closed_at=now)
    # The reason first: a long list is what the 500-character detail cuts.
    detail = detail_encode(
        "reopened",
        shorten="who",
        n=len(signed),
        who="; ".join(f"{s.unit.name} ({s.full_name})" for s in signed) or "—",
        reason=reason,
    )
    audit_append(ceremony=ceremony, kind=AuditKind.REOPENED, meta=meta, detail=detail)
    activity_record(
        conference=ceremony.covenant.conference,
        action="ceremony.reopened",
        obj=ceremony,
        data={"voided": len(signed), "reason": reason},
        meta=meta,
    )
    ceremony.state = CeremonyState.DRAFT
    ceremony.save(update_fields=["state"])
    broadcast_grid(ceremony)
    return ceremony


@transaction.atomic
def ceremony_cancel(*, ceremony: Ceremony, reason: str, meta: RequestMeta = SYSTEM) -> Ceremony:
    ceremony = _locked(ceremony)
    ensure_editable(ceremony)
    ceremony.state = CeremonyState.CANCELLED
    ceremony.save(update_fields=["state"])
    audit_append(ceremony=ceremony, kind=AuditKind.CANCELLED, meta=meta, detail=reason.strip())
    activity_record(
        conference=ceremony.covenant.conference,
        action="ceremony.cancelled",
        obj=ceremony,
        data={"reason": reason.strip()},
        meta=meta,
    )
    broadcast_grid(ceremony)
    return ceremony
