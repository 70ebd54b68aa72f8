"""Encryption of secret ballots: the phone encrypts to the poll's key, only
the close decrypts. Pure functions; `static/js/ballot.js` is the same
scheme in WebCrypto, and tests/data/ballot_vectors.json holds vectors both
sides check.

Scheme (ECIES on P-256, as WebCrypto offers it everywhere):
    eph        a fresh P-256 key pair made by the phone for this ballot
    secret     ECDH(eph.private, poll.public)                (32 bytes)
    key        HKDF-SHA256(secret, salt = none,
                           info = b"hoinghi-ballot/1:" + poll id) (AES-256)
    plaintext  JSON of {"receipt", "choices"}, padded with spaces to
               PLAINTEXT_SIZE so every ciphertext has the same length
    ciphertext eph.public (65 bytes, uncompressed) || iv (12) ||
               AES-GCM(key, iv, plaintext, aad = poll id)

The poll id in the key derivation and as associated data means a ballot
copied from one poll is refused by every other. The private key is kept
sealed (AES-GCM under a key derived from SECRET_KEY and the poll id) only
while the poll is open, and erased at its close.
"""

from __future__ import annotations

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PLAINTEXT_SIZE = 1024
POINT_SIZE = 65
IV_SIZE = 12
TAG_SIZE = 16
CIPHERTEXT_SIZE = POINT_SIZE + IV_SIZE + PLAINTEXT_SIZE + TAG_SIZE


def _info(poll_id: int) -> bytes:
    return b"hoinghi-ballot/1:" + str(poll_id).encode()


def _ballot_key(secret: bytes, poll_id: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_info(poll_id)).derive(secret)


def new_poll_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_key_b64(private_key: ec.EllipticCurvePrivateKey) -> str:
    """The SubjectPublicKeyInfo the phone imports (base64)."""
    der = private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def _sealing_key(poll_id: int) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"hoinghi-poll-key-seal/1",
        info=str(poll_id).encode(),
    ).derive(settings.SECRET_KEY.encode())


def seal_private_key(private_key: ec.EllipticCurvePrivateKey, poll_id: int) -> bytes:
    raw = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    iv = os.urandom(IV_SIZE)
    return iv + AESGCM(_sealing_key(poll_id)).encrypt(iv, raw, str(poll_id).encode())


def unseal_private_key(blob: bytes, poll_id: int) -> ec.EllipticCurvePrivateKey:
    blob = bytes(blob)
    raw = AESGCM(_sealing_key(poll_id)).decrypt(
        blob[:IV_SIZE], blob[IV_SIZE:], str(poll_id).encode()
    )
    return serialization.load_der_private_key(raw, password=None)


def _pad(payload: dict) -> bytes:
    data = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()
    if len(data) > PLAINTEXT_SIZE:
        raise ValueError("ballot too large")
    return data + b" " * (PLAINTEXT_SIZE - len(data))


def encrypt_ballot(
    public_b64: str, payload: dict, poll_id: int, *, eph=None, iv: bytes | None = None
) -> bytes:
    """What the phone does (used by tests, the bench and the paper-free
    fallback of a phone without WebCrypto). ``eph`` and ``iv`` only for
    test vectors."""
    public = serialization.load_der_public_key(base64.b64decode(public_b64))
    eph = eph or ec.generate_private_key(ec.SECP256R1())
    iv = iv or os.urandom(IV_SIZE)
    secret = eph.exchange(ec.ECDH(), public)
    point = eph.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    sealed = AESGCM(_ballot_key(secret, poll_id)).encrypt(iv, _pad(payload), str(poll_id).encode())
    return point + iv + sealed


def decrypt_ballot(
    private_key: ec.EllipticCurvePrivateKey, ciphertext: bytes, poll_id: int
) -> dict | None:
    """The ballot's JSON object, or None when it is not a ballot of this
    poll (wrong length, wrong key, tampered, not JSON)."""
    ciphertext = bytes(ciphertext)
    if len(ciphertext) != CIPHERTEXT_SIZE:
        return None
    point = ciphertext[:POINT_SIZE]
    iv = ciphertext[POINT_SIZE : POINT_SIZE + IV_SIZE]
    try:
        eph = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        secret = private_key.exchange(ec.ECDH(), eph)
        plain = AESGCM(_ballot_key(secret, poll_id)).decrypt(
            iv, ciphertext[POINT_SIZE + IV_SIZE :], str(poll_id).encode()
        )
        payload = json.loads(plain.decode())
    except (ValueError, InvalidTag, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None
