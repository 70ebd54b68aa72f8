"""Ed25519-signed pass codes: the pure part (no database).

A pass QR carries ``H1.<code>.<kid>.<sig>`` (docs/signed-passes.md): the
32-character pass code, the key id (first 4 bytes of SHA-256 of the raw
public key, hex) and the base64url Ed25519 signature over
``"hoinghi-pass/1\\n" + conference id + "\\n" + code``. A phone holding the
conference's public keys can tell a genuine pass from a forged one without
the roster; ``static/js/pass-signature.js`` is the same check in JavaScript
and ``tests/data/pass_signature_vectors.json`` keeps the two in agreement.

A conference's private key is never stored: it is derived (HKDF-SHA256)
from a server secret and the key row's random salt, and the row keeps the
public key to check the derivation against.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

PREFIX = "H1"
DOMAIN = "hoinghi-pass/1"
_KDF_INFO = b"hoinghi pass key v1\n"
_SIGNED = re.compile(
    r"H1\.(?P<code>[A-Za-z0-9_-]{32})\.(?P<kid>[0-9a-f]{8})\.(?P<sig>[A-Za-z0-9_-]{86})"
)


@dataclass(frozen=True)
class SignedPass:
    code: str
    kid: str
    sig: str


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def pass_message(conference_id: int, code: str) -> bytes:
    """The bytes a pass signature covers."""
    return f"{DOMAIN}\n{conference_id}\n{code}".encode()


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).digest()[:4].hex()


def parse_signed(text: str) -> SignedPass | None:
    """The parts of an ``H1.`` text, or None if it is not one."""
    match = _SIGNED.fullmatch(text)
    if match is None:
        return None
    return SignedPass(match["code"], match["kid"], match["sig"])


def signed_text(*, code: str, kid: str, signature: bytes) -> str:
    return f"{PREFIX}.{code}.{kid}.{b64url(signature)}"


def _private_key(seed: bytes):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(seed)


def public_bytes(private_key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def sign(private_key, *, conference_id: int, code: str) -> bytes:
    return private_key.sign(pass_message(conference_id, code))


def verify(public_key: bytes, signature: bytes, *, conference_id: int, code: str) -> bool:
    """True only for a genuine signature of ``code`` for ``conference_id``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(public_key) != 32 or len(signature) != 64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, pass_message(conference_id, code)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def signing_secrets() -> list[str]:
    """The secret keys are derived from, newest first: ``PASS_SIGNING_SECRET``
    when set, else ``SECRET_KEY`` and its fallbacks (so rotating SECRET_KEY
    with the old one in ``SECRET_KEY_FALLBACKS`` keeps every pass key)."""
    explicit = getattr(settings, "PASS_SIGNING_SECRET", "")
    if explicit:
        return [explicit]
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def derive_seed(secret: str, *, salt: bytes, conference_id: int) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = _KDF_INFO + str(conference_id).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret.encode())


def new_key_material(*, conference_id: int, salt: bytes) -> tuple[str, bytes]:
    """(kid, raw public key) of the key derived from the newest secret."""
    private_key = _private_key(
        derive_seed(signing_secrets()[0], salt=salt, conference_id=conference_id)
    )
    public = public_bytes(private_key)
    return key_id(public), public


@lru_cache(maxsize=256)
def _derived(secrets: tuple[str, ...], salt: bytes, conference_id: int, public: bytes):
    for secret in secrets:
        private_key = _private_key(derive_seed(secret, salt=salt, conference_id=conference_id))
        if public_bytes(private_key) == public:
            return private_key
    return None


def private_key_for(*, conference_id: int, salt: bytes, public_key: bytes):
    """The private key of a stored key row, or None when no current secret
    derives it (SECRET_KEY changed without a fallback: rotate the pass key)."""
    return _derived(tuple(signing_secrets()), salt, conference_id, public_key)


def verify_with_keys(parsed: SignedPass | None, keys: list[dict], conference_id: int) -> bool:
    """What an offline verifier decides (``HoiNghiPass.verify`` in JS): True
    only for a signed pass whose key is in ``keys`` (the shape of
    ``conference_pass_keys``), not retired, and whose signature verifies for
    this conference and code."""
    if parsed is None or not parsed.kid:
        return False
    key = next((k for k in keys if k["kid"] == parsed.kid), None)
    if key is None or key.get("retired"):
        return False
    public_key = b64url_decode(key["public_key"])
    signature = b64url_decode(parsed.sig)
    if public_key is None or signature is None:
        return False
    return verify(public_key, signature, conference_id=conference_id, code=parsed.code)
