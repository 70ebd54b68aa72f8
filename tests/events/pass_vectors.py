"""The shared signed-pass test vectors, and how they are built.

``tests/data/pass_signature_vectors.json`` is this module's output; the
Python tests check it equals ``build_vectors()`` and check our verifier on
it, the browser test runs ``static/js/pass-signature.js`` on the same file.
Rebuild after a deliberate format change with
``.venv/bin/python -m tests.events.pass_vectors > tests/data/pass_signature_vectors.json``.
"""

import hashlib
import json
import sys
from pathlib import Path

from events import pass_signing

PATH = Path(__file__).resolve().parent.parent / "data" / "pass_signature_vectors.json"

# RFC 8032 section 7.1 TEST 1 secret key, and two seeds of our own.
SEEDS = {
    "a": bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
    "b": hashlib.sha256(b"hoinghi pass vector key b").digest(),
    "r": hashlib.sha256(b"hoinghi pass vector key retired").digest(),
}
CODE = "AbCdEfGhIjKlMnOpQrStUvWxYz012-_9"
CODE_2 = "-_zz00QQ" * 4


def _key(name: str):
    return pass_signing._private_key(SEEDS[name])


def _kid(name: str) -> str:
    return pass_signing.key_id(pass_signing.public_bytes(_key(name)))


def _text(name: str, conference_id: int, code: str) -> str:
    signature = pass_signing.sign(_key(name), conference_id=conference_id, code=code)
    return pass_signing.signed_text(code=code, kid=_kid(name), signature=signature)


def _flip(text: str, position: int) -> str:
    """``text`` with one base64url character of the signature changed."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    head, sig = text.rsplit(".", 1)
    char = alphabet[(alphabet.index(sig[position]) + 1) % 64]
    return f"{head}.{sig[:position]}{char}{sig[position + 1 :]}"


def build_vectors() -> dict:
    keys = [
        {
            "kid": _kid(name),
            "public_key": pass_signing.b64url(pass_signing.public_bytes(_key(name))),
            "retired": name == "r",
            "seed_hex": SEEDS[name].hex(),
        }
        for name in ("a", "b", "r")
    ]
    good = _text("a", 7, CODE)
    other_conference = _text("a", 8, CODE)
    unknown_key = pass_signing.signed_text(
        code=CODE,
        kid="00000000",
        signature=pass_signing.sign(_key("a"), conference_id=7, code=CODE),
    )
    parse = [
        {"name": "signed", "text": good, "expected": _parts(good)},
        {"name": "signed, spaces around", "text": f"  {good}\n", "expected": _parts(good)},
        {"name": "bare code", "text": CODE, "expected": {"code": CODE, "kid": "", "sig": ""}},
        {
            "name": "pass link",
            "text": f"https://hoinghi.example/pass/{CODE}/",
            "expected": {"code": CODE, "kid": "", "sig": ""},
        },
        {"name": "lower-case prefix", "text": "h1" + good[2:], "expected": None},
        {"name": "version 2", "text": "H2" + good[2:], "expected": None},
        {"name": "signature padded", "text": good + "==", "expected": None},
        {"name": "signature cut", "text": good[:-1], "expected": None},
        {"name": "extra part", "text": good + ".x", "expected": None},
        {
            "name": "upper-case kid",
            "text": good.replace(_kid("a"), _kid("a").upper()),
            "expected": None,
        },
        {
            "name": "code too short",
            "text": f"H1.{CODE[:-1]}.{_kid('a')}.{good.rsplit('.', 1)[1]}",
            "expected": None,
        },
        {"name": "empty", "text": "", "expected": None},
        {"name": "too long", "text": "H1." + "A" * 600, "expected": None},
    ]
    verify = [
        {"name": "genuine", "text": good, "conference_id": 7, "valid": True},
        {
            "name": "genuine, second key",
            "text": _text("b", 7, CODE_2),
            "conference_id": 7,
            "valid": True,
        },
        {
            "name": "genuine, large conference id",
            "text": _text("b", 1234567, CODE),
            "conference_id": 1234567,
            "valid": True,
        },
        {
            "name": "another conference's pass",
            "text": other_conference,
            "conference_id": 7,
            "valid": False,
        },
        {
            "name": "checked for another conference",
            "text": good,
            "conference_id": 70,
            "valid": False,
        },
        {
            "name": "signature altered (first char)",
            "text": _flip(good, 0),
            "conference_id": 7,
            "valid": False,
        },
        {
            "name": "signature altered (middle)",
            "text": _flip(good, 43),
            "conference_id": 7,
            "valid": False,
        },
        {
            "name": "code altered",
            "text": good.replace(CODE, CODE_2),
            "conference_id": 7,
            "valid": False,
        },
        {
            "name": "kid of the other key",
            "text": good.replace(_kid("a"), _kid("b")),
            "conference_id": 7,
            "valid": False,
        },
        {"name": "unknown key", "text": unknown_key, "conference_id": 7, "valid": False},
        {"name": "retired key", "text": _text("r", 7, CODE), "conference_id": 7, "valid": False},
        {"name": "bare code is not signed", "text": CODE, "conference_id": 7, "valid": False},
    ]
    return {
        "version": 1,
        "format": "H1.<code>.<kid>.<sig>",
        "message": "UTF-8 of 'hoinghi-pass/1\\n' + conference id + '\\n' + code",
        "keys": keys,
        "parse": parse,
        "verify": verify,
    }


def _parts(text: str) -> dict:
    _prefix, code, kid, sig = text.split(".")
    return {"code": code, "kid": kid, "sig": sig}


def vectors_json() -> str:
    return json.dumps(build_vectors(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(vectors_json())
