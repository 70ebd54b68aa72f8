"""The encrypted roster of a paired scanner phone (docs/offline.md): small
pure functions, the same on the phone (static/js/roster.js, WebCrypto).

- The device's roster key is ``HMAC-SHA-256(SECRET_KEY-derived, token)``:
  the server keeps nothing new (only the token's SHA-256, as before) and can
  derive the key again whenever the phone calls with its token; the phone
  receives it once, at pairing, and keeps it as a non-extractable CryptoKey.
  A leaked database alone yields no key; pairing again gives a new key.
- Records are keyed by ``HMAC-SHA-256(salt, code)`` (first 128 bits, hex),
  never by the code: the phone can look a scanned code up, but its storage
  does not hold the codes (a stolen phone cannot print passes). The salt is
  per pairing of the device.
- The envelope is AES-256-GCM; its additional data binds the format, the
  conference, the device and the version, so a roster of another conference
  or device, or an edited one, fails to decrypt.
"""

import base64
import hashlib
import hmac
import json
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.crypto import salted_hmac

FORMAT = "hoinghi-roster/1"
HASH_CHARS = 32  # 128 bits of HMAC-SHA-256, hex


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def roster_key(token: str) -> bytes:
    """The device's 256-bit AES key, from its bearer token."""
    return salted_hmac("events.roster.key", token, algorithm="sha256").digest()


def roster_salt(*, device_id: int, token_hash: str) -> str:
    """The per-pairing salt of the record keys (sent inside the roster)."""
    return salted_hmac(
        "events.roster.salt", f"{device_id}:{token_hash}", algorithm="sha256"
    ).hexdigest()[:32]


def code_hash(salt: str, code: str) -> str:
    return hmac.new(salt.encode(), code.encode(), hashlib.sha256).hexdigest()[:HASH_CHARS]


def manual_hash(salt: str, manual_code: str) -> str:
    return code_hash(salt, "m:" + manual_code) if manual_code else ""


class Hasher:
    """``code_hash`` and ``manual_hash`` for many codes under one salt (the
    keyed state is computed once; a roster of 5,000 hashes 10,000 codes)."""

    def __init__(self, salt: str):
        self._base = hmac.new(salt.encode(), digestmod=hashlib.sha256)

    def code(self, code: str) -> str:
        mac = self._base.copy()
        mac.update(code.encode())
        return mac.hexdigest()[:HASH_CHARS]

    def manual(self, manual_code: str) -> str:
        return self.code("m:" + manual_code) if manual_code else ""


def associated_data(*, conference_id: int, device_id: int, version: int) -> bytes:
    return f"{FORMAT}\n{conference_id}\n{device_id}\n{version}".encode()


def roster_seal(*, key: bytes, payload: dict, conference_id: int, device_id: int) -> dict:
    """The envelope the phone downloads: ids and version in clear (bound as
    additional data), the roster itself encrypted."""
    version = payload["version"]
    iv = os.urandom(12)
    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    sealed = AESGCM(key).encrypt(
        iv,
        plain,
        associated_data(conference_id=conference_id, device_id=device_id, version=version),
    )
    return {
        "format": FORMAT,
        "conference": conference_id,
        "device": device_id,
        "version": version,
        "iv": b64(iv),
        "data": b64(sealed),
    }


def roster_open(*, key: bytes, envelope: dict, conference_id: int, device_id: int) -> dict:
    """The roster in ``envelope`` (raises cryptography's InvalidTag if it was
    edited or is another conference's or device's). For tests and tools."""
    sealed = unb64(envelope["data"])
    plain = AESGCM(key).decrypt(
        unb64(envelope["iv"]),
        sealed,
        associated_data(
            conference_id=conference_id, device_id=device_id, version=envelope["version"]
        ),
    )
    return json.loads(plain)
