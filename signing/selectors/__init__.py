"""Reads of the signing app."""

from __future__ import annotations

from events.models import Registration
from signing.models import AuditEvent, Ceremony, Signatory, VoidedSignature


def ceremony_for_conference(*, conference) -> Ceremony | None:
    return (
        Ceremony.objects.select_related("covenant", "covenant__conference")
        .filter(covenant__conference=conference)
        .first()
    )


def ceremony_by_public_id(*, public_id: str) -> Ceremony | None:
    return (
        Ceremony.objects.select_related("covenant", "covenant__conference")
        .filter(public_id=public_id)
        .first()
    )


def signatory_list(*, ceremony: Ceremony) -> list[Signatory]:
    """In grid order: chair, deputy, then the units by Vietnamese collation."""
    return list(
        ceremony.signatories.select_related("unit").defer("signature_png").order_by("position")
    )


def signatory_with_image(*, ceremony_id, signatory_id, slug: str) -> Signatory | None:
    """A signed signatory of that conference's ceremony, with its image."""
    return (
        Signatory.objects.filter(
            pk=signatory_id,
            ceremony_id=ceremony_id,
            ceremony__covenant__conference__slug=slug,
            signed_at__isnull=False,
            signature_png__isnull=False,
        )
        .only("pk", "signature_png", "signature_sha256")
        .first()
    )


def voided_signatures(*, ceremony: Ceremony) -> list[VoidedSignature]:
    return list(
        ceremony.voided_signatures.select_related("signatory__unit")
        .defer("signature_png")
        .order_by("voided_at", "signatory__position")
    )


def signatories_with_images(*, ceremony: Ceremony) -> list[Signatory]:
    return list(ceremony.signatories.select_related("unit").order_by("position"))


def signer_candidates(*, signatory: Signatory) -> list[Registration]:
    """Approved delegates of the unit who may sign, by Vietnamese collation."""
    return list(
        Registration.objects.filter(
            conference_id=signatory.ceremony.covenant.conference_id,
            unit_id=signatory.unit_id,
            status="approved",
        )
        .select_related("role")
        .order_by("-role__may_sign", "sort_key")
    )


def audit_events(*, ceremony: Ceremony) -> list[AuditEvent]:
    return list(ceremony.audit_events.select_related("signatory__unit").order_by("seq"))


def _sentence_case(text: str) -> str:
    """ "GIÁM ĐỐC" → "Giám đốc" (stored in capitals for the PDF's signature block)."""
    text = " ".join((text or "").split())
    return text[:1].upper() + text[1:].lower()


def signatory_position(*, signatory: Signatory) -> str:
    """The signer's position as a sentence names it: "Giám đốc"."""
    return _sentence_case(signatory.title)


def covenant_heading(*, covenant) -> str:
    """ "Giao ước thi đua năm 2022 của Cụm thi đua …": the document's title in
    sentence case, followed by its subtitle."""
    title = _sentence_case(covenant.title)
    subtitle = " ".join((covenant.subtitle or "").split())
    if not subtitle:
        return title
    return f"{title} {subtitle[:1].lower()}{subtitle[1:]}"
