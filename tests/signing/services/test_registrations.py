"""The signatory follows its delegate's registration (issue #10, item 12)."""

import pytest
from django.core.exceptions import ValidationError

from events.services.registrations import (
    registration_decline,
    registration_set_status,
    registration_update,
)
from signing.models import AuditKind
from signing.services import link_issue


def _signer(ceremony):
    signatory = ceremony.signatories.select_related("registration").order_by("position").first()
    return signatory, signatory.registration


def test_liaison_changing_a_signers_email_is_refused(ceremony):
    signatory, registration = _signer(ceremony)
    with pytest.raises(ValidationError) as excinfo:
        registration_update(registration=registration, by_liaison=True, email="x@evil.example")
    assert excinfo.value.error_dict["email"][0].code == "email_pinned"
    registration.refresh_from_db()
    signatory.refresh_from_db()
    assert registration.email == signatory.email != "x@evil.example"


def test_organizer_changing_a_signers_email_revokes_links_and_is_audited(open_ceremony, chair_meta):
    signatory, registration = _signer(open_ceremony)
    link_issue(signatory=signatory, meta=chair_meta)
    old_email = registration.email
    registration_update(
        registration=registration, email="moi@so-noi-vu.example", changed_by=chair_meta.user
    )
    signatory.refresh_from_db()
    assert signatory.email == "moi@so-noi-vu.example"
    assert signatory.links.filter(revoked_at__isnull=True).count() == 0
    event = open_ceremony.audit_events.order_by("-seq").first()
    assert (event.kind, event.user_id, event.signatory_id) == (
        AuditKind.SUBSTITUTED,
        chair_meta.user.pk,
        signatory.pk,
    )
    assert old_email in event.detail and "moi@so-noi-vu.example" in event.detail


def test_liaison_may_change_the_email_once_the_signer_has_signed(open_ceremony, chair_meta, png):
    from tests.signing.conftest import sign_by_kiosk

    signatory, registration = _signer(open_ceremony)
    sign_by_kiosk(open_ceremony, signatory, png, chair_meta)
    registration_update(registration=registration, by_liaison=True, email="moi@example.vn")
    registration.refresh_from_db()
    signatory.refresh_from_db()
    assert registration.email == "moi@example.vn"
    assert signatory.email != "moi@example.vn"  # the signed record keeps its facts


@pytest.mark.parametrize("status", ["declined", "cancelled"])
def test_declined_or_cancelled_signer_loses_their_signing_link(open_ceremony, chair_meta, status):
    signatory, registration = _signer(open_ceremony)
    link_issue(signatory=signatory, meta=chair_meta)
    if status == "declined":
        registration_decline(registration=registration, reason="Thay người", notify=False)
    else:
        registration_set_status(registration=registration, status=status)
    assert signatory.links.filter(revoked_at__isnull=True).count() == 0


def test_signer_edited_into_another_person_loses_the_signing_link(open_ceremony, chair_meta):
    signatory, registration = _signer(open_ceremony)
    link_issue(signatory=signatory, meta=chair_meta)
    registration_update(registration=registration, by_liaison=True, given_name="Khác")
    assert signatory.links.filter(revoked_at__isnull=True).count() == 0


def test_signer_with_a_corrected_name_keeps_the_signing_link(open_ceremony, chair_meta):
    signatory, registration = _signer(open_ceremony)
    link_issue(signatory=signatory, meta=chair_meta)
    registration_update(
        registration=registration, by_liaison=True, given_name=registration.given_name.upper()
    )
    assert signatory.links.filter(revoked_at__isnull=True).count() == 1


def test_no_new_signing_link_for_a_declined_signer(open_ceremony, chair_meta):
    from signing.errors import SigningError

    signatory, registration = _signer(open_ceremony)
    registration_decline(registration=registration, reason="Thay người", notify=False)
    with pytest.raises(SigningError) as excinfo:
        link_issue(signatory=signatory, meta=chair_meta)
    assert excinfo.value.code == "not_registered"
    assert signatory.links.filter(revoked_at__isnull=True).count() == 0
