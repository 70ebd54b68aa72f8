"""Who signs for each member unit: defaults from the cluster term, substitution."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Registration, RegistrationStatus
from events.names import clean_text, collation_key, fold
from events.services.activity import activity_record
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.models import AuditKind, Ceremony, CeremonyState, ClusterRole, Signatory

# Who signs for a unit by default: the head before a deputy.
_ROLE_PREFERENCE = {"director": 0, "chair": 1, "deputy-director": 2}


def authority_for(title: str) -> tuple[str, str]:
    """(authority prefix, title) in capitals: a deputy signs "KT." for the head.

    "Phó Giám đốc" → ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"); "Giám đốc" → ("", "GIÁM ĐỐC").
    """
    title = clean_text(title)
    if fold(title).startswith("pho "):
        head = title.split(" ", 1)[1]
        return f"KT. {head.upper()}", title.upper()
    return "", title.upper()


def _default_person(ceremony: Ceremony, unit) -> Registration | None:
    candidates = Registration.objects.filter(
        conference=ceremony.covenant.conference,
        unit=unit,
        role__may_sign=True,
        status=RegistrationStatus.APPROVED,
    ).select_related("role")
    ranked = sorted(candidates, key=lambda r: (_ROLE_PREFERENCE.get(r.role.code, 9), r.sort_key))
    return ranked[0] if ranked else None


def _apply_person(signatory: Signatory, registration: Registration | None) -> None:
    signatory.registration = registration
    if registration is not None:
        signatory.full_name = registration.full_name
        signatory.authority_prefix, signatory.title = authority_for(registration.title)
        signatory.email = registration.email


def _order_key(signatory: Signatory) -> tuple:
    rank = {ClusterRole.CHAIR: 0, ClusterRole.DEPUTY: 1}.get(signatory.cluster_role, 2)
    return (rank, signatory.unit.sort_key)


@transaction.atomic
def signatories_create_defaults(*, ceremony: Ceremony) -> list[Signatory]:
    """One signatory per member unit of the term; chair, deputy, then collation."""
    term = ceremony.covenant.conference.term
    created = []
    for unit in term.members.all():
        if ceremony.signatories.filter(unit=unit).exists():
            continue
        role = (
            ClusterRole.CHAIR
            if unit.pk == term.chair_id
            else ClusterRole.DEPUTY
            if unit.pk == term.deputy_id
            else ClusterRole.MEMBER
        )
        signatory = Signatory(ceremony=ceremony, unit=unit, cluster_role=role)
        _apply_person(signatory, _default_person(ceremony, unit))
        signatory.sort_key = collation_key(signatory.full_name)
        signatory.save()
        created.append(signatory)
    ordered = sorted(ceremony.signatories.select_related("unit"), key=_order_key)
    for position, signatory in enumerate(ordered, start=1):
        if signatory.position != position:
            signatory.position = position
            signatory.save(update_fields=["position"])
    return created


@transaction.atomic
def signatory_update(
    *,
    signatory: Signatory,
    registration: Registration | None = None,
    full_name: str = "",
    title: str = "",
    authority_prefix: str | None = None,
    email: str = "",
    meta: RequestMeta = SYSTEM,
) -> Signatory:
    """Substitute the signer (from a registration or typed) until they have signed."""
    # Ceremony first, then the signatory: the order signature_submit takes,
    # so a substitution racing a signature waits instead of deadlocking.
    ceremony = Ceremony.objects.select_for_update().get(pk=signatory.ceremony_id)
    signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
    if ceremony.state in (CeremonyState.SEALED, CeremonyState.CANCELLED):
        raise SigningError(_("The ceremony is closed; nothing can change."), code="sealed")
    if signatory.has_signed:
        raise SigningError(
            _("%(name)s has already signed; a confirmed signature never changes.")
            % {"name": signatory.full_name},
            code="already_signed",
        )
    before = signatory.full_name
    if registration is not None:
        if registration.unit_id != signatory.unit_id:
            raise SigningError(_("This person belongs to another unit."), code="other_unit")
        _apply_person(signatory, registration)
    else:
        signatory.registration = None
        signatory.full_name = clean_text(full_name)
        signatory.authority_prefix, signatory.title = authority_for(title)
        signatory.email = clean_text(email).lower()
    if authority_prefix is not None and registration is None:
        signatory.authority_prefix = clean_text(authority_prefix).upper()
    if not signatory.full_name:
        raise SigningError(_("Enter the signer's full name."), code="no_name")
    signatory.sort_key = collation_key(signatory.full_name)
    signatory.full_clean()
    signatory.save()
    # Links issued to the previous signer no longer work.
    _revoke_links(signatory)
    activity_record(
        conference=ceremony.covenant.conference,
        action="signatory.updated",
        obj=signatory,
        data={"before": before, "after": signatory.full_name},
        meta=meta,
    )
    if ceremony.state == CeremonyState.OPEN:
        audit_append(
            ceremony=ceremony,
            kind=AuditKind.SUBSTITUTED,
            meta=meta,
            signatory=signatory,
            detail=f"{before} → {signatory.full_name}",
        )
    return signatory


def _revoke_links(signatory: Signatory) -> None:
    signatory.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
