"""The kiosk tablet as a paired device of one ceremony, unlocked by the chair."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from signing.audit import RequestMeta, audit_verify
from signing.errors import SigningError
from signing.models import AuditKind, KioskDevice, SigningMode
from signing.services import (
    ceremony_open,
    ceremony_setup,
    covenant_update,
    kiosk_device_authenticate,
    kiosk_device_create,
    kiosk_device_pair,
    kiosk_device_revoke,
    kiosk_lock,
    kiosk_unlock,
    signatory_update,
    signature_submit,
)
from signing.services.kiosk import kiosk_session_live
from tests.factories import ConferenceFactory
from tests.signing.conftest import BODY, paired_kiosk

TABLET = RequestMeta(ip="10.0.0.50", user_agent="kiosk tablet")


@pytest.fixture
def first(open_ceremony):
    return open_ceremony.signatories.order_by("position").first()


@pytest.fixture
def second(open_ceremony):
    return open_ceremony.signatories.order_by("position")[1]


@pytest.fixture
def tablet(open_ceremony):
    device, _token = paired_kiosk(open_ceremony, name="Máy ký 1")
    return device


def _kiosk_submit(ceremony, signatory, device, nonce, png):
    return signature_submit(
        signatory=signatory,
        png=png,
        consent=True,
        seen_text_sha256=ceremony.text_sha256,
        mode=SigningMode.KIOSK,
        meta=TABLET,
        kiosk_nonce=nonce,
        kiosk_device=device,
    )


def _other_open_ceremony():
    ceremony = ceremony_setup(conference=ConferenceFactory())
    covenant_update(ceremony=ceremony, body=BODY)
    for n, signatory in enumerate(ceremony.signatories.all()):
        signatory_update(signatory=signatory, full_name=f"Người ký {n}", title="Giám đốc")
    return ceremony_open(ceremony=ceremony)


def test_kiosk_pairing_stores_only_the_token_hash_and_works_once(open_ceremony, chair_meta):
    device = kiosk_device_create(ceremony=open_ceremony, name="Máy ký 1", meta=chair_meta)
    secret = device.pairing_secret

    paired, token = kiosk_device_pair(pairing_secret=secret, meta=TABLET)

    device.refresh_from_db()
    assert paired.pk == device.pk
    assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {device.token_hash, device.pairing_secret}
    assert device.pairing_secret == ""
    assert kiosk_device_pair(pairing_secret=secret) is None
    assert kiosk_device_authenticate(token=token).pk == device.pk
    assert device.created_by == chair_meta.user
    event = open_ceremony.audit_events.order_by("seq").last()
    assert (event.kind, event.user, event.detail) == (
        AuditKind.KIOSK_PAIRED,
        None,
        f"kiosk #{device.pk} «Máy ký 1»",
    )


def test_kiosk_pairing_code_expires_after_fifteen_minutes(open_ceremony):
    device = kiosk_device_create(ceremony=open_ceremony, name="Máy ký 1")
    KioskDevice.objects.filter(pk=device.pk).update(
        pairing_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert kiosk_device_pair(pairing_secret=device.pairing_secret) is None
    device.refresh_from_db()
    assert device.token_hash == ""


def test_kiosk_unlock_lasts_the_configured_minutes(open_ceremony, first, tablet, chair_meta):
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)
    assert session.expires_at - session.unlocked_at == pytest.approx(
        timedelta(minutes=5), abs=timedelta(seconds=2)
    )
    assert kiosk_session_live(device=tablet).pk == session.pk


def test_kiosk_unlock_audit_names_the_tablet_and_the_chair(
    open_ceremony, first, tablet, chair_meta
):
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)

    event = open_ceremony.audit_events.order_by("seq").last()
    assert (event.kind, event.user, event.user_email, event.signatory, event.mode) == (
        AuditKind.KIOSK_UNLOCKED,
        chair_meta.user,
        chair_meta.user.email,
        first,
        "kiosk",
    )
    with translation.override("en"):
        assert event.detail_display.startswith(f"kiosk #{tablet.pk} «Máy ký 1»; until ")
    with translation.override("vi"):
        assert event.detail_display.startswith(f"kiosk #{tablet.pk} «Máy ký 1»; đến ")
    assert session.unlock_seq == event.seq


def test_kiosk_signature_audit_names_the_tablet_and_the_chair_who_unlocked(
    open_ceremony, first, tablet, chair_meta, png
):
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)

    signed = _kiosk_submit(open_ceremony, first, tablet, session.nonce, png)

    event = open_ceremony.audit_events.order_by("seq").last()
    assert (event.kind, event.user, event.signatory, event.ip) == (
        AuditKind.SIGNED,
        None,
        first,
        "10.0.0.50",
    )
    chair = chair_meta.user.email
    with translation.override("en"):
        assert (
            event.detail_display
            == f"kiosk #{tablet.pk} «Máy ký 1»; unlocked by {chair} (#{session.unlock_seq})"
        )
    with translation.override("vi"):
        assert event.detail_display == (
            f"kiosk #{tablet.pk} «Máy ký 1»; chủ tọa {chair} mở khóa (#{session.unlock_seq})"
        )
    assert (signed.mode, signed.signed_by) == (SigningMode.KIOSK, None)
    assert kiosk_session_live(device=tablet) is None
    assert audit_verify(ceremony=open_ceremony).ok


def test_kiosk_signature_without_an_unlock_is_refused(open_ceremony, first, tablet, png):
    with pytest.raises(SigningError) as error:
        _kiosk_submit(open_ceremony, first, tablet, "", png)
    assert error.value.code == "kiosk_locked"
    first.refresh_from_db()
    assert (first.signed_at, first.signature_png) == (None, None)


def test_kiosk_signature_without_a_tablet_is_refused(open_ceremony, first, tablet, chair_meta, png):
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)
    with pytest.raises(SigningError) as error:
        _kiosk_submit(open_ceremony, first, None, session.nonce, png)
    assert error.value.code == "kiosk_unpaired"
    first.refresh_from_db()
    assert first.signed_at is None


def test_kiosk_signature_on_another_tablet_than_unlocked_is_refused(
    open_ceremony, first, tablet, chair_meta, png
):
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)
    other_tablet, _token = paired_kiosk(open_ceremony, name="Máy ký 2")
    with pytest.raises(SigningError) as error:
        _kiosk_submit(open_ceremony, first, other_tablet, session.nonce, png)
    assert error.value.code == "kiosk_locked"
    first.refresh_from_db()
    assert first.signed_at is None


def test_kiosk_unlock_expires(settings, open_ceremony, first, tablet, chair_meta, png):
    settings.SIGNING_KIOSK_UNLOCK_MINUTES = 0
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)

    assert kiosk_session_live(device=tablet) is None
    with pytest.raises(SigningError) as error:
        _kiosk_submit(open_ceremony, first, tablet, session.nonce, png)
    assert error.value.code == "kiosk_expired"
    first.refresh_from_db()
    assert first.signed_at is None


def test_kiosk_revoked_tablet_is_refused_and_its_unlock_ends(open_ceremony, first, chair_meta, png):
    tablet, token = paired_kiosk(open_ceremony)
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)

    kiosk_device_revoke(device=tablet, meta=chair_meta)

    assert kiosk_device_authenticate(token=token) is None
    assert kiosk_session_live(device=tablet) is None
    with pytest.raises(SigningError) as error:
        _kiosk_submit(open_ceremony, first, tablet, session.nonce, png)
    assert error.value.code == "kiosk_revoked"
    with pytest.raises(SigningError) as error:
        kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)
    assert error.value.code == "kiosk_revoked"
    first.refresh_from_db()
    assert first.signed_at is None
    event = open_ceremony.audit_events.order_by("seq").last()
    assert (event.kind, event.user) == (AuditKind.KIOSK_REVOKED, chair_meta.user)


def test_kiosk_tablet_of_another_ceremony_is_refused(open_ceremony, first, chair_meta, png):
    other = _other_open_ceremony()
    foreign, _token = paired_kiosk(other)
    foreign_signatory = other.signatories.order_by("position").first()
    foreign_session = kiosk_unlock(
        ceremony=other, signatory=foreign_signatory, device=foreign, meta=chair_meta
    )

    with pytest.raises(SigningError) as unlock_error:
        kiosk_unlock(ceremony=open_ceremony, signatory=first, device=foreign, meta=chair_meta)
    with pytest.raises(SigningError) as sign_error:
        _kiosk_submit(open_ceremony, first, foreign, foreign_session.nonce, png)

    assert unlock_error.value.code == "kiosk_other_ceremony"
    assert sign_error.value.code == "kiosk_other_ceremony"
    first.refresh_from_db()
    assert first.signed_at is None


def test_kiosk_unpaired_tablet_cannot_be_unlocked(open_ceremony, first, chair_meta):
    waiting = kiosk_device_create(ceremony=open_ceremony, name="Chưa ghép")
    with pytest.raises(SigningError) as error:
        kiosk_unlock(ceremony=open_ceremony, signatory=first, device=waiting, meta=chair_meta)
    assert error.value.code == "kiosk_unpaired"


def test_kiosk_new_unlock_ends_the_previous_one_on_that_tablet(
    open_ceremony, first, second, tablet, chair_meta, png
):
    old = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)
    new = kiosk_unlock(ceremony=open_ceremony, signatory=second, device=tablet, meta=chair_meta)

    assert kiosk_session_live(device=tablet).pk == new.pk
    with pytest.raises(SigningError) as error:
        _kiosk_submit(open_ceremony, first, tablet, old.nonce, png)
    assert error.value.code == "kiosk_locked"


def test_kiosk_one_signatory_is_unlocked_on_one_tablet_at_a_time(
    open_ceremony, first, tablet, chair_meta
):
    other_tablet, _token = paired_kiosk(open_ceremony, name="Máy ký 2")
    kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)
    kiosk_unlock(ceremony=open_ceremony, signatory=first, device=other_tablet, meta=chair_meta)
    assert kiosk_session_live(device=tablet) is None
    assert kiosk_session_live(device=other_tablet).signatory == first


def test_kiosk_lock_from_the_console_ends_the_unlock(open_ceremony, first, tablet, chair_meta, png):
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=tablet, meta=chair_meta)
    kiosk_lock(ceremony=open_ceremony, device=tablet, meta=chair_meta)

    with pytest.raises(SigningError) as error:
        _kiosk_submit(open_ceremony, first, tablet, session.nonce, png)
    assert error.value.code == "kiosk_locked"
    event = open_ceremony.audit_events.order_by("seq").last()
    assert (event.kind, event.user, event.detail) == (
        AuditKind.KIOSK_LOCKED,
        chair_meta.user,
        f"kiosk #{tablet.pk} «Máy ký 1»",
    )
