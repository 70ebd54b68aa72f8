"""What a pass carries: the text of its QR code, and the keys that sign it."""

import logging
import secrets

from django.db import IntegrityError, transaction

from events import pass_signing
from events.models import Conference, PassKey, Registration

logger = logging.getLogger("events.passes")


def pass_key_active(conference: Conference) -> PassKey:
    """The key that signs the conference's passes, made with the first need
    for it (as the main check-in list is): a conference never lacks one."""
    return _active_key(conference.pk)


def _active_key(conference_id: int) -> PassKey:
    key = PassKey.objects.filter(conference_id=conference_id, is_active=True).first()
    if key is not None:
        return key
    salt = secrets.token_bytes(32)
    kid, public = pass_signing.new_key_material(conference_id=conference_id, salt=salt)
    try:
        with transaction.atomic():
            return PassKey.objects.create(
                conference_id=conference_id,
                kid=kid,
                public_key=pass_signing.b64url(public),
                salt=salt.hex(),
            )
    except IntegrityError:
        # Another request made it first (or, once in 4 billion, the kid
        # exists already: the next call draws a new salt).
        return PassKey.objects.get(conference_id=conference_id, is_active=True)


def _sign(key: PassKey, registration: Registration) -> str:
    private_key = pass_signing.private_key_for(
        conference_id=key.conference_id,
        salt=bytes.fromhex(key.salt),
        public_key=pass_signing.b64url_decode(key.public_key),
    )
    if private_key is None:
        # SECRET_KEY (or PASS_SIGNING_SECRET) changed without a fallback:
        # the pass still works online; offline phones cannot vouch for it.
        logger.error(
            "pass key %s of conference %s cannot be derived: run rotate_pass_key",
            key.kid,
            key.conference_id,
        )
        return registration.code
    signature = pass_signing.sign(
        private_key, conference_id=registration.conference_id, code=registration.code
    )
    return pass_signing.signed_text(code=registration.code, kid=key.kid, signature=signature)


def pass_qr_payload(registration: Registration) -> str:
    """The text the pass QR (page, badge, email) encodes: ``H1.<code>.<kid>.<sig>``.
    Every QR of a pass goes through here, so its format changes in one place."""
    return _sign(_active_key(registration.conference_id), registration)


def pass_qr_payloads(registrations: list[Registration]) -> list[str]:
    """``pass_qr_payload`` of many passes, one key lookup per conference."""
    keys: dict[int, PassKey] = {}
    texts = []
    for registration in registrations:
        key = keys.get(registration.conference_id)
        if key is None:
            key = keys[registration.conference_id] = _active_key(registration.conference_id)
        texts.append(_sign(key, registration))
    return texts


def conference_pass_keys(conference: Conference) -> list[dict]:
    """Every key of the conference for a verifier (a scanner phone's roster):
    active first, retired ones marked (their passes must be refused)."""
    pass_key_active(conference)
    return [
        {"kid": key.kid, "public_key": key.public_key, "retired": key.retired_at is not None}
        for key in PassKey.objects.filter(conference=conference).order_by(
            "-is_active", "-created_at", "-pk"
        )
    ]


def pass_key_by_kid(kid: str) -> PassKey | None:
    return PassKey.objects.filter(kid=kid).first()
