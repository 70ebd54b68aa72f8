"""Sealing the covenant: render the PDF, then ``seal_store.seal_and_store``
(sign with no lock held, recheck that nothing moved — a signature, a
substitution, any audit event — in a short transaction, store)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import override

from events.services.activity import activity_record
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.document import document_context, sealed_record
from signing.errors import SigningError
from signing.models import AuditKind, Ceremony, CeremonyState, KioskSession, Signatory, SigningLink
from signing.selectors import audit_events, signatories_with_images
from signing.services.live import broadcast_grid
from signing.services.seal_store import SealedPdf, changed_while_sealing, seal_and_store


def _render(*, ceremony: Ceremony, signatories: list[Signatory], base_url: str):
    from signing import pdf

    context, images = document_context(
        ceremony=ceremony,
        signatories=signatories,
        events=audit_events(ceremony=ceremony),
        base_url=base_url,
    )
    with override(context["language"]):
        html = pdf.covenant_html(context)
    return pdf.render_pdf(html, images), context


def covenant_pdf_bytes(*, ceremony: Ceremony, base_url: str = "") -> bytes:
    """The unsealed PDF of the ceremony as it stands."""
    data, _context = _render(
        ceremony=ceremony, signatories=signatories_with_images(ceremony=ceremony), base_url=base_url
    )
    return data


def _check(ceremony: Ceremony, signatories: list[Signatory], reason: str) -> list[Signatory]:
    """The signatories missing, after refusing what cannot be sealed."""
    if ceremony.state == CeremonyState.SEALED:
        raise SigningError(_("The covenant is sealed; nothing can change."), code="sealed")
    if ceremony.state != CeremonyState.OPEN:
        raise SigningError(_("Signing is not open."), code="not_open")
    missing = [s for s in signatories if not s.has_signed]
    if missing and not reason:
        raise SigningError(
            _("%(n)s unit(s) have not signed. Give a reason to seal without them.")
            % {"n": len(missing)},
            code="missing_signatures",
        )
    if missing and len(missing) == len(signatories):
        raise SigningError(_("Nobody has signed yet."), code="nobody_signed")
    return missing


def _snapshot(ceremony: Ceremony, signatories: list[Signatory]) -> tuple:
    """Everything the PDF prints or states; sealing needs it unchanged."""
    return (
        ceremony.state,
        ceremony.text_sha256,
        ceremony.audit_count,
        ceremony.audit_head,
        tuple(
            (
                s.pk,
                s.unit_id,
                s.position,
                s.cluster_role,
                s.full_name,
                s.title,
                s.authority_prefix,
                s.signed_at,
                s.mode,
                s.signature_sha256,
            )
            for s in signatories
        ),
    )


def _signatories(ceremony: Ceremony, *, images: bool) -> list[Signatory]:
    if images:
        return signatories_with_images(ceremony=ceremony)
    return list(
        ceremony.signatories.select_related("unit").defer("signature_png").order_by("position")
    )


def ceremony_seal(
    *,
    ceremony: Ceremony,
    meta: RequestMeta = SYSTEM,
    missing_reason: str = "",
    base_url: str = "",
) -> Ceremony:
    """Seal when all have signed, or with a recorded reason for those missing.

    Call it outside a transaction: the render must not hold the database.
    """
    reason = missing_reason.strip()
    ceremony = Ceremony.objects.select_related("covenant__conference").get(pk=ceremony.pk)
    signatories = _signatories(ceremony, images=True)
    missing = _check(ceremony, signatories, reason)
    if not missing:
        reason = ""
    before = _snapshot(ceremony, signatories)

    # No lock held from here to the transaction below.
    ceremony.missing_reason = reason
    unsealed, context = _render(ceremony=ceremony, signatories=signatories, base_url=base_url)
    covenant = ceremony.covenant
    record = sealed_record(
        context=context, signatories=signatories, conference_title=covenant.conference.title
    )

    def lock() -> Ceremony:
        return (
            Ceremony.objects.select_for_update()
            .select_related("covenant__conference")
            .get(pk=ceremony.pk)
        )

    def recheck(locked: Ceremony) -> None:
        now_signatories = _signatories(locked, images=False)
        _check(locked, now_signatories, reason)
        if _snapshot(locked, now_signatories) != before:
            raise changed_while_sealing()

    def store(locked: Ceremony, sealed: SealedPdf) -> Ceremony:
        now = sealed.at
        sealed.save_into(locked.pdf, f"{locked.public_id}.pdf")
        record["certificate"] = sealed.certificate
        record["sealed_at"] = now.isoformat()
        locked.pdf_sha256 = sealed.sha256
        locked.state = CeremonyState.SEALED
        locked.sealed_at = now
        locked.sealed_by = meta.user
        locked.missing_reason = reason
        locked.sealed_record = record
        locked.save(
            update_fields=[
                "pdf",
                "pdf_sha256",
                "state",
                "sealed_at",
                "sealed_by",
                "missing_reason",
                "sealed_record",
            ]
        )
        SigningLink.objects.filter(
            signatory__ceremony=locked, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        KioskSession.objects.filter(ceremony=locked, closed_at__isnull=True).update(closed_at=now)
        missing_names = "; ".join(s.unit.name for s in missing)
        audit_append(
            ceremony=locked,
            kind=AuditKind.SEALED,
            meta=meta,
            image_sha256=sealed.sha256,
            detail=(f"{reason} [{missing_names}]" if missing else ""),
        )
        activity_record(
            conference=locked.covenant.conference,
            action="ceremony.sealed",
            obj=locked,
            data={"missing": len(missing)},
            meta=meta,
        )
        broadcast_grid(locked)
        return locked

    return seal_and_store(
        unsealed=unsealed,
        reason=covenant.title,
        location=covenant.place or covenant.conference.venue,
        lock=lock,
        recheck=recheck,
        store=store,
    )
