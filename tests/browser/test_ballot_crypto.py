"""A secret ballot encrypted by the phone's WebCrypto (static/js/ballot.js)
is read by the close's Python (events/ballot_crypto.py), and by nothing
else: another poll's key refuses it."""

import pytest

from events import ballot_crypto
from events.models import Decision, Poll
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _poll() -> tuple[Poll, object]:
    """A poll row with a fresh key (what poll_open stores)."""
    conference = ConferenceFactory()
    decision = Decision.objects.create(conference=conference, kind="adopt", title="Quy chế")
    poll = Poll.objects.create(decision=decision, secret=True)
    key = ballot_crypto.new_poll_key()
    poll.public_key = ballot_crypto.public_key_b64(key)
    poll.save(update_fields=["public_key"])
    return poll, key


def _encrypt_in_browser(page, base, poll, payload) -> bytes:
    page.goto(base + "/")
    page.add_script_tag(url=base + "/static/js/ballot.js")
    numbers = page.evaluate(
        """async ([key, id, payload]) => {
            const out = await window.HoiNghiBallot.encrypt(key, id, payload);
            return Array.from(out);
        }""",
        [poll.public_key, poll.pk, payload],
    )
    return bytes(numbers)


def test_a_ballot_encrypted_in_chromium_is_decrypted_at_the_close(live_asgi, phone):
    poll, key = _poll()
    payload = {"receipt": "K7FM3QX9AB", "choices": {"12": True, "13": False}}
    ciphertext = _encrypt_in_browser(phone, live_asgi, poll, payload)
    assert len(ciphertext) == ballot_crypto.CIPHERTEXT_SIZE
    assert ballot_crypto.decrypt_ballot(key, ciphertext, poll.pk) == payload
    # Bound to its poll: the same bytes under another poll id are refused,
    # and so is one flipped bit.
    assert ballot_crypto.decrypt_ballot(key, ciphertext, poll.pk + 1) is None
    tampered = bytearray(ciphertext)
    tampered[-20] ^= 1
    assert ballot_crypto.decrypt_ballot(key, bytes(tampered), poll.pk) is None
    # Two encryptions of the same ballot share nothing an observer could match.
    again = _encrypt_in_browser(phone, live_asgi, poll, payload)
    assert again != ciphertext and len(again) == len(ciphertext)


def test_receipts_drawn_on_the_phone_are_ten_unambiguous_characters(live_asgi, phone):
    phone.goto(live_asgi + "/")
    phone.add_script_tag(url=live_asgi + "/static/js/ballot.js")
    receipts = phone.evaluate(
        "() => Array.from({length: 50}, () => window.HoiNghiBallot.receipt())"
    )
    assert len(set(receipts)) == 50
    assert all(len(r) == 10 and not set(r) & set("0O1I") for r in receipts)
