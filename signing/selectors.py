"""Reads of the signing app."""

from __future__ import annotations

from events.models import Registration
from signing.models import AuditEvent, Ceremony, Signatory


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
