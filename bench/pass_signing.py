"""What signing a pass and checking a signed scan cost, per pass / per scan.

    python bench/pass_signing.py [N]

Pure crypto, no database (events/pass_signing.py), N times each (default
2000), best of 5 rounds:

  parse bare code    parse_scan on a bare 32-character code (baseline: what a
                     scan cost before signed passes)
  parse signed       parse_scan on an H1. text
  verify             Ed25519 verification of one pass (the server's extra
                     cost per first scan of a signed pass, besides one
                     indexed key lookup)
  verify (cached)    the same pass scanned again (answers are memoised)
  sign               one pass QR's signature (page, badge, email)
  derive             HKDF + key from seed (once per key and process: cached)

Printed: microseconds per operation and the ratio to the baseline.
"""

import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from events import pass_signing  # noqa: E402
from events.checkin_tokens import parse_scan  # noqa: E402


def best(fn, n: int) -> float:
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        rounds.append((time.perf_counter() - start) / n)
    return min(rounds) * 1e6


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    salt = secrets.token_bytes(32)
    seed = pass_signing.derive_seed("bench-secret", salt=salt, conference_id=7)
    key = pass_signing._private_key(seed)
    public = pass_signing.public_bytes(key)
    code = secrets.token_urlsafe(24)
    signature = pass_signing.sign(key, conference_id=7, code=code)
    text = pass_signing.signed_text(code=code, kid=pass_signing.key_id(public), signature=signature)
    figures = {
        "parse bare code": best(lambda: parse_scan(code), n),
        "parse signed": best(lambda: parse_scan(text), n),
        "verify": best(
            lambda: pass_signing._verify.__wrapped__(public, signature, 7, code), max(n // 5, 10)
        ),
        "verify (cached)": best(
            lambda: pass_signing.verify(public, signature, conference_id=7, code=code), n
        ),
        "sign": best(lambda: pass_signing.sign(key, conference_id=7, code=code), n),
        "derive": best(
            lambda: pass_signing._private_key(
                pass_signing.derive_seed("bench-secret", salt=salt, conference_id=7)
            ),
            max(n // 10, 10),
        ),
    }
    baseline = figures["parse bare code"]
    print(f"{n} operations each, best of 5 rounds, {os.cpu_count()} CPUs")
    for name, micros in figures.items():
        print(f"  {name:<16} {micros:8.1f} µs   × {micros / baseline:6.1f} baseline")


if __name__ == "__main__":
    main()
