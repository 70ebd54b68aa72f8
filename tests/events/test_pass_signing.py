"""Signed pass codes: the shared vectors, the keys, and the door's answers."""

import json
import logging

import pytest
from django.core.management import call_command

from events import pass_signing
from events.checkin_tokens import parse_code, parse_scan
from events.models import ActivityLog, CheckinRefusal, PassKey
from events.selectors.passes import (
    conference_pass_keys,
    pass_key_active,
    pass_qr_payload,
    pass_qr_payloads,
)
from events.services.checkin import Result, checkin_list_main, checkin_perform
from events.services.pass_keys import pass_key_retire, pass_key_rotate
from events.services.registrations import registration_reissue_code
from tests.events.pass_vectors import PATH, build_vectors, vectors_json
from tests.factories import ConferenceFactory, RegistrationFactory

VECTORS = json.loads(PATH.read_text(encoding="utf-8"))


def test_vectors_file_is_what_the_builder_makes():
    assert PATH.read_text(encoding="utf-8") == vectors_json()


def test_vectors_first_key_is_rfc8032_test_1():
    """An outside anchor: RFC 8032 section 7.1 TEST 1's public key."""
    public = pass_signing.b64url_decode(VECTORS["keys"][0]["public_key"])
    assert public.hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"


@pytest.mark.parametrize("vector", VECTORS["parse"], ids=lambda v: v["name"])
def test_parse_vectors(vector):
    parsed = parse_scan(vector["text"])
    got = None if parsed is None else {"code": parsed.code, "kid": parsed.kid, "sig": parsed.sig}
    assert got == vector["expected"]
    assert parse_code(vector["text"]) == (vector["expected"] or {}).get("code")


@pytest.mark.parametrize("vector", VECTORS["verify"], ids=lambda v: v["name"])
def test_verify_vectors(vector):
    keys = [{k: v for k, v in key.items() if k != "seed_hex"} for key in VECTORS["keys"]]
    parsed = parse_scan(vector["text"])
    assert pass_signing.verify_with_keys(parsed, keys, vector["conference_id"]) is vector["valid"]


def test_signing_is_deterministic_and_matches_the_vectors():
    built = build_vectors()
    assert built["verify"][0]["text"] == VECTORS["verify"][0]["text"]


@pytest.fixture
def delegate(db):
    return RegistrationFactory(full_name="Lê Văn Hội", role_code="chair")


def scan(conference, text, nonce="n-1"):
    return checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=text,
        nonce=nonce,
    )


def test_pass_qr_is_signed_and_verifies_with_the_published_keys(delegate):
    text = pass_qr_payload(delegate)

    parsed = parse_scan(text)
    assert text.startswith("H1." + delegate.code + ".")
    assert len(text) == 3 + 32 + 1 + 8 + 1 + 86
    keys = conference_pass_keys(delegate.conference)
    assert [k["kid"] for k in keys] == [parsed.kid]
    assert keys[0]["retired"] is False
    assert pass_signing.verify_with_keys(parsed, keys, delegate.conference_id) is True
    assert pass_signing.verify_with_keys(parsed, keys, delegate.conference_id + 1) is False
    assert pass_qr_payload(delegate) == text  # the same QR every time it is drawn


def test_private_key_is_not_stored(delegate):
    key = pass_key_active(delegate.conference)
    stored = " ".join(str(getattr(key, f.attname)) for f in PassKey._meta.concrete_fields)
    seed = pass_signing.derive_seed(
        pass_signing.signing_secrets()[0],
        salt=bytes.fromhex(key.salt),
        conference_id=delegate.conference_id,
    )
    assert seed.hex() not in stored
    assert pass_signing.b64url(seed) not in stored


def test_signed_pass_is_admitted(delegate):
    result = scan(delegate.conference, pass_qr_payload(delegate))

    assert result.result == Result.OK
    assert result.registration == delegate


def test_bare_code_and_link_still_admitted(delegate):
    assert scan(delegate.conference, delegate.code).result == Result.OK
    assert scan(delegate.conference, f"https://x.example/pass/{delegate.code}/", "n-2").result == (
        Result.ALREADY_CHECKED_IN
    )


def _flip_signature(text: str) -> str:
    head, sig = text.rsplit(".", 1)
    return f"{head}.{'B' if sig[0] == 'A' else 'A'}{sig[1:]}"


def test_forged_signature_is_refused_and_recorded(delegate):
    result = scan(delegate.conference, _flip_signature(pass_qr_payload(delegate)))

    assert result.result == Result.BAD_SIGNATURE
    assert result.message == (
        "Thẻ giả: chữ ký trên thẻ không phải của hệ thống. Không cho vào; báo ban tổ chức."
    )
    assert result.registration is None
    refusal = CheckinRefusal.objects.get()
    assert (refusal.result, refusal.registration) == ("bad_signature", None)
    assert not delegate.checkins.exists()


def test_genuine_code_with_made_up_key_is_refused(delegate):
    text = pass_qr_payload(delegate)
    _h, code, _kid, sig = text.split(".")

    assert scan(delegate.conference, f"H1.{code}.00000000.{sig}").result == Result.BAD_SIGNATURE


def test_signature_moved_to_another_code_is_refused(delegate):
    other = RegistrationFactory(conference=delegate.conference, full_name="Trần Thị Bình")
    _h, _code, kid, sig = pass_qr_payload(delegate).split(".")

    result = scan(delegate.conference, f"H1.{other.code}.{kid}.{sig}")

    assert result.result == Result.BAD_SIGNATURE
    assert not other.checkins.exists()


def test_pass_of_another_conference_is_refused_as_wrong_conference(delegate):
    elsewhere = ConferenceFactory()

    result = scan(elsewhere, pass_qr_payload(delegate))

    assert result.result == Result.WRONG_CONFERENCE
    assert result.message == "Thẻ này thuộc hội nghị khác."


def test_rotation_signs_new_passes_with_new_key_and_old_passes_still_admitted(delegate):
    old_text = pass_qr_payload(delegate)
    old_kid = parse_scan(old_text).kid

    new_key = pass_key_rotate(conference=delegate.conference)

    new_text = pass_qr_payload(delegate)
    assert parse_scan(new_text).kid == new_key.kid != old_kid
    keys = conference_pass_keys(delegate.conference)
    assert [(k["kid"], k["retired"]) for k in keys] == [(new_key.kid, False), (old_kid, False)]
    assert scan(delegate.conference, old_text).result == Result.OK
    entry = ActivityLog.objects.get(action="pass_key.rotated")
    assert entry.data == {"kid": new_key.kid, "previous": [old_kid]}


def test_retired_key_refuses_its_passes(delegate):
    old_text = pass_qr_payload(delegate)
    old_kid = parse_scan(old_text).kid
    pass_key_rotate(conference=delegate.conference)

    pass_key_retire(conference=delegate.conference, kid=old_kid)

    result = scan(delegate.conference, old_text)
    assert result.result == Result.RETIRED_KEY
    assert [k["retired"] for k in conference_pass_keys(delegate.conference)] == [False, True]
    assert scan(delegate.conference, pass_qr_payload(delegate), "n-2").result == Result.OK
    assert ActivityLog.objects.filter(action="pass_key.retired").count() == 1


def test_active_key_cannot_be_retired(delegate):
    from core.errors import DomainError

    key = pass_key_active(delegate.conference)

    with pytest.raises(DomainError) as caught:
        pass_key_retire(conference=delegate.conference, kid=key.kid)

    assert caught.value.code == "pass_key_active"
    key.refresh_from_db()
    assert key.retired_at is None


def test_reissued_code_with_genuine_old_signature_is_revoked(delegate):
    old_text = pass_qr_payload(delegate)
    registration_reissue_code(registration=delegate)

    assert scan(delegate.conference, old_text).result == Result.REVOKED


def test_secret_key_rotation_with_fallback_keeps_the_pass_key(delegate, settings):
    before = pass_qr_payload(delegate)
    old_secret = settings.SECRET_KEY
    pass_signing._derived.cache_clear()

    settings.SECRET_KEY = "a-new-secret-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_secret]

    assert pass_qr_payload(delegate) == before


def test_secret_lost_falls_back_to_bare_code_until_rotated(delegate, settings, caplog):
    pass_key_active(delegate.conference)
    settings.SECRET_KEY = "a-new-secret-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = []

    with caplog.at_level(logging.ERROR, logger="events.passes"):
        assert pass_qr_payload(delegate) == delegate.code
    assert "cannot be derived" in caplog.text

    pass_key_rotate(conference=delegate.conference)
    assert pass_qr_payload(delegate).startswith("H1.")


def test_pass_signing_secret_setting_takes_precedence(delegate, settings):
    settings.PASS_SIGNING_SECRET = "venue-and-central-share-this-" + "z" * 20
    text = pass_qr_payload(delegate)  # the first key, derived from the setting

    settings.SECRET_KEY = "changed-" + "q" * 40
    settings.SECRET_KEY_FALLBACKS = []

    assert pass_qr_payload(delegate) == text


def test_many_passes_need_one_key_lookup(delegate, django_assert_num_queries):
    others = [
        RegistrationFactory(conference=delegate.conference, full_name=f"Nguyễn Văn {n}")
        for n in ("Ba", "Tư", "Năm")
    ]
    pass_key_active(delegate.conference)

    with django_assert_num_queries(1):
        texts = pass_qr_payloads([delegate, *others])

    assert [parse_scan(t).code for t in texts] == [r.code for r in (delegate, *others)]


def test_rotate_command_rotates_lists_and_retires(delegate, capsys):
    first = pass_key_active(delegate.conference).kid
    slug = delegate.conference.slug

    call_command("rotate_pass_key", "--conference", slug)
    rotated = capsys.readouterr().out.splitlines()
    call_command("rotate_pass_key", "--conference", slug, "--retire", first)
    retired = capsys.readouterr().out.splitlines()

    new = pass_key_active(delegate.conference).kid
    assert [line.split()[:2] for line in rotated] == [[new, "active"], [first, "verifies"]]
    assert [line.split()[:2] for line in retired] == [[new, "active"], [first, "retired"]]
