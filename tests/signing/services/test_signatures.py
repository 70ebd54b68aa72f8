import base64
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.services.users import user_get_or_create
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.models import AuditKind, SigningLink, SigningMode
from signing.services import kiosk_unlock, link_issue, link_resolve, signature_submit
from tests.signing.conftest import paired_kiosk, sign_by_kiosk


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _phone_submit(ceremony, signatory, link, user, png, **overrides):
    kwargs = {
        "signatory": signatory,
        "png": png,
        "consent": True,
        "seen_text_sha256": ceremony.text_sha256,
        "mode": SigningMode.PHONE,
        "meta": RequestMeta(user=user, ip="10.0.0.9", user_agent="phone"),
        "link": link,
    }
    kwargs.update(overrides)
    return signature_submit(**kwargs)


@pytest.fixture
def first(open_ceremony):
    return open_ceremony.signatories.order_by("position").first()


@pytest.fixture
def first_user(first):
    return user_get_or_create(email=first.email)


def test_phone_signature_with_a_valid_link(open_ceremony, first, first_user, chair_meta, png):
    url = link_issue(signatory=first, meta=chair_meta)
    link = link_resolve(token=_token(url))

    signed = _phone_submit(open_ceremony, first, link, first_user, png)

    assert signed.mode == SigningMode.PHONE
    assert signed.signed_by == first_user
    assert len(signed.signature_sha256) == 64
    link.refresh_from_db()
    assert link.used_at == signed.signed_at
    event = open_ceremony.audit_events.order_by("seq").last()
    assert (event.kind, event.mode, event.image_sha256, event.ip, event.user_agent) == (
        AuditKind.SIGNED,
        "phone",
        signed.signature_sha256,
        "10.0.0.9",
        "phone",
    )
    assert event.text_sha256 == open_ceremony.text_sha256


def test_link_emailed_to_the_signatory(first, chair_meta, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        url = link_issue(signatory=first, meta=chair_meta, send=True)
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert url in mail.outbox[0].body


def test_used_link_is_refused(open_ceremony, first, first_user, chair_meta, png):
    url = link_issue(signatory=first, meta=chair_meta)
    _phone_submit(open_ceremony, first, link_resolve(token=_token(url)), first_user, png)
    with pytest.raises(SigningError) as error:
        link_resolve(token=_token(url))
    assert error.value.code == "link_used"


def test_expired_link_is_refused(first, chair_meta):
    url = link_issue(signatory=first, meta=chair_meta)
    SigningLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(SigningError) as error:
        link_resolve(token=_token(url))
    assert error.value.code == "link_expired"


def test_new_link_replaces_the_old_one(first, chair_meta):
    old = link_issue(signatory=first, meta=chair_meta)
    link_issue(signatory=first, meta=chair_meta)
    with pytest.raises(SigningError) as error:
        link_resolve(token=_token(old))
    assert error.value.code == "link_revoked"


def test_unknown_token_is_refused(db):
    with pytest.raises(SigningError) as error:
        link_resolve(token="not-a-token")
    assert error.value.code == "invalid_link"


def test_another_account_cannot_sign_with_the_link(open_ceremony, first, chair_meta, png):
    link = link_resolve(token=_token(link_issue(signatory=first, meta=chair_meta)))
    stranger = user_get_or_create(email="someone@else.example")
    with pytest.raises(SigningError) as error:
        _phone_submit(open_ceremony, first, link, stranger, png)
    assert error.value.code == "wrong_account"
    first.refresh_from_db()
    assert first.signed_at is None


def test_signing_for_another_unit_is_refused(open_ceremony, first, first_user, chair_meta, png):
    link = link_resolve(token=_token(link_issue(signatory=first, meta=chair_meta)))
    other = open_ceremony.signatories.order_by("position")[1]
    with pytest.raises(SigningError) as error:
        _phone_submit(open_ceremony, other, link, first_user, png)
    assert error.value.code == "other_unit"
    other.refresh_from_db()
    assert other.signed_at is None


def test_signing_twice_is_refused(open_ceremony, first, chair_meta, png):
    signed = sign_by_kiosk(open_ceremony, first, png, chair_meta)
    with pytest.raises(SigningError) as error:
        kiosk_unlock(
            ceremony=open_ceremony,
            signatory=first,
            device=open_ceremony.kiosk_devices.get(),
            meta=chair_meta,
        )
    assert error.value.code == "already_signed"
    first.refresh_from_db()
    assert first.signature_sha256 == signed.signature_sha256


def test_kiosk_unlocked_for_someone_else_is_refused(open_ceremony, first, chair_meta, png):
    other = open_ceremony.signatories.order_by("position")[1]
    device, _token = paired_kiosk(open_ceremony)
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=device, meta=chair_meta)
    with pytest.raises(SigningError) as error:
        signature_submit(
            signatory=other,
            png=png,
            consent=True,
            seen_text_sha256=open_ceremony.text_sha256,
            mode=SigningMode.KIOSK,
            kiosk_nonce=session.nonce,
            kiosk_device=device,
        )
    assert error.value.code == "kiosk_other"


def test_kiosk_locks_again_after_one_signature(open_ceremony, first, chair_meta, png):
    device, _token = paired_kiosk(open_ceremony)
    session = kiosk_unlock(ceremony=open_ceremony, signatory=first, device=device, meta=chair_meta)
    sign_kwargs = {
        "png": png,
        "consent": True,
        "seen_text_sha256": open_ceremony.text_sha256,
        "mode": SigningMode.KIOSK,
        "kiosk_nonce": session.nonce,
        "kiosk_device": device,
    }
    signature_submit(signatory=first, **sign_kwargs)
    other = open_ceremony.signatories.order_by("position")[1]
    with pytest.raises(SigningError) as error:
        signature_submit(signatory=other, **sign_kwargs)
    assert error.value.code == "kiosk_locked"


def test_signature_without_consent_is_refused(open_ceremony, first, first_user, chair_meta, png):
    link = link_resolve(token=_token(link_issue(signatory=first, meta=chair_meta)))
    with pytest.raises(SigningError) as error:
        _phone_submit(open_ceremony, first, link, first_user, png, consent=False)
    assert error.value.code == "no_consent"


def test_signature_on_an_outdated_text_is_refused(
    open_ceremony, first, first_user, chair_meta, png
):
    link = link_resolve(token=_token(link_issue(signatory=first, meta=chair_meta)))
    with pytest.raises(SigningError) as error:
        _phone_submit(open_ceremony, first, link, first_user, png, seen_text_sha256="0" * 64)
    assert error.value.code == "text_changed"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GIF89a" + b"\x00" * 200, "not_png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L9 9"/></svg>', "svg"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, "malformed"),
    ],
)
def test_bad_images_are_refused(open_ceremony, first, first_user, chair_meta, data, code):
    link = link_resolve(token=_token(link_issue(signatory=first, meta=chair_meta)))
    with pytest.raises(SigningError) as error:
        _phone_submit(open_ceremony, first, link, first_user, data)
    assert error.value.code == code
    first.refresh_from_db()
    assert (first.signed_at, first.signature_png) == (None, None)


def test_png_is_reencoded_and_hashed(open_ceremony, first, chair_meta, png):
    signed = sign_by_kiosk(open_ceremony, first, png, chair_meta)
    stored = bytes(signed.signature_png)
    assert stored.startswith(b"\x89PNG")
    import hashlib

    assert signed.signature_sha256 == hashlib.sha256(stored).hexdigest()
    assert base64.b64encode(stored)  # a real, non-empty image
