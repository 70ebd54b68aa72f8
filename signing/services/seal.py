"""Sealing: render the PDF, sign it (PAdES), store it with its SHA-256."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from events.services.activity import activity_record
from signing import sealing
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.document import document_context
from signing.errors import SigningError
from signing.models import AuditKind, Ceremony, CeremonyState, KioskSession, SigningLink
from signing.selectors import audit_events, signatories_with_images
from signing.services.live import broadcast_grid


def covenant_pdf_bytes(*, ceremony: Ceremony, base_url: str = "") -> bytes:
    """The unsealed PDF of the ceremony as it stands."""
    from signing import pdf

    context, images = document_context(
        ceremony=ceremony,
        signatories=signatories_with_images(ceremony=ceremony),
        events=audit_events(ceremony=ceremony),
        base_url=base_url,
    )
    with override(context["language"]):
        html = pdf.covenant_html(context)
    return pdf.render_pdf(html, images)


@transaction.atomic
def ceremony_seal(
    *,
    ceremony: Ceremony,
    meta: RequestMeta = SYSTEM,
    missing_reason: str = "",
    base_url: str = "",
) -> Ceremony:
    """Seal when all have signed, or with a recorded reason for those missing."""
    ceremony = Ceremony.objects.select_for_update().select_related("covenant").get(pk=ceremony.pk)
    if ceremony.state == CeremonyState.SEALED:
        raise SigningError(_("The covenant is sealed; nothing can change."), code="sealed")
    if ceremony.state != CeremonyState.OPEN:
        raise SigningError(_("Signing is not open."), code="not_open")
    missing = list(ceremony.signatories.filter(signed_at__isnull=True).select_related("unit"))
    reason = missing_reason.strip()
    if missing and not reason:
        raise SigningError(
            _("%(n)s unit(s) have not signed. Give a reason to seal without them.")
            % {"n": len(missing)},
            code="missing_signatures",
        )
    if not missing:
        reason = ""
    if len(ceremony.signatories.all()) == len(missing):
        raise SigningError(_("Nobody has signed yet."), code="nobody_signed")
    ceremony.missing_reason = reason
    unsealed = covenant_pdf_bytes(ceremony=ceremony, base_url=base_url)
    conference = ceremony.covenant.conference
    sealed = sealing.seal_pdf(
        unsealed,
        reason=ceremony.covenant.title,
        location=ceremony.covenant.place or conference.venue,
    )
    digest = hashlib.sha256(sealed).hexdigest()
    now = timezone.now()
    ceremony.pdf.save(f"{ceremony.public_id}.pdf", ContentFile(sealed), save=False)
    ceremony.pdf_sha256 = digest
    ceremony.state = CeremonyState.SEALED
    ceremony.sealed_at = now
    ceremony.sealed_by = meta.user
    ceremony.save(
        update_fields=["pdf", "pdf_sha256", "state", "sealed_at", "sealed_by", "missing_reason"]
    )
    SigningLink.objects.filter(
        signatory__ceremony=ceremony, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    KioskSession.objects.filter(ceremony=ceremony, closed_at__isnull=True).update(closed_at=now)
    missing_names = "; ".join(s.unit.name for s in missing)
    audit_append(
        ceremony=ceremony,
        kind=AuditKind.SEALED,
        meta=meta,
        image_sha256=digest,
        detail=(f"{reason} [{missing_names}]" if missing else ""),
    )
    activity_record(
        conference=conference,
        action="ceremony.sealed",
        obj=ceremony,
        data={"missing": len(missing)},
        meta=meta,
    )
    broadcast_grid(ceremony)
    return ceremony
