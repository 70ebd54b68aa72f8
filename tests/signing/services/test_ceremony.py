import hashlib
import json

import pytest
from django.utils import translation

from signing.errors import SigningError
from signing.models import AuditKind, CeremonyState, VoidedSignature
from signing.services import (
    ceremony_cancel,
    ceremony_open,
    ceremony_reopen,
    ceremony_seal,
    covenant_update,
    signatory_update,
)
from tests.signing.conftest import sign_all, sign_by_kiosk, signature_png


def test_open_freezes_text_and_records_its_sha256(ceremony, chair_meta):
    opened = ceremony_open(ceremony=ceremony, meta=chair_meta)

    assert opened.state == CeremonyState.OPEN
    assert json.loads(opened.frozen_text)["body"] == ceremony.covenant.body
    assert opened.text_sha256 == hashlib.sha256(opened.frozen_text.encode()).hexdigest()
    assert list(opened.audit_events.values_list("kind", flat=True)) == [AuditKind.OPENED]


def test_open_twice_is_refused(open_ceremony):
    with pytest.raises(SigningError) as error:
        ceremony_open(ceremony=open_ceremony)
    assert error.value.code == "already_open"


def test_open_without_clauses_is_refused(ceremony):
    covenant_update(ceremony=ceremony, body="I. CHỈ CÓ TIÊU ĐỀ")
    with pytest.raises(SigningError) as error:
        ceremony_open(ceremony=ceremony)
    assert error.value.code == "empty_text"


def test_text_change_while_open_is_refused(open_ceremony):
    with pytest.raises(SigningError) as error:
        covenant_update(ceremony=open_ceremony, closing="Khác")
    assert error.value.code == "text_frozen"
    open_ceremony.covenant.refresh_from_db()
    assert open_ceremony.covenant.closing != "Khác"


def test_reopen_voids_signatures_and_allows_a_new_text(open_ceremony, chair_meta, png):
    first = open_ceremony.signatories.order_by("position").first()
    sign_by_kiosk(open_ceremony, first, png, chair_meta)
    old_hash = open_ceremony.text_sha256

    ceremony_reopen(ceremony=open_ceremony, reason="Sửa điều 2", meta=chair_meta)
    covenant_update(ceremony=open_ceremony, closing="Lập thành 03 bản.")
    reopened = ceremony_open(ceremony=open_ceremony, meta=chair_meta)

    first.refresh_from_db()
    assert first.signed_at is None
    assert first.signature_png is None
    assert reopened.text_sha256 != old_hash
    kinds = list(reopened.audit_events.values_list("kind", flat=True))
    assert kinds[-2:] == [AuditKind.REOPENED, AuditKind.OPENED]


def test_reopen_keeps_each_voided_signature_with_its_image(open_ceremony, chair_meta):
    first, second, _third = open_ceremony.signatories.order_by("position")
    images = {first.pk: signature_png(strokes=2), second.pk: signature_png(strokes=4)}
    for signatory in (first, second):
        sign_by_kiosk(open_ceremony, signatory, images[signatory.pk], chair_meta)
    signed = {s.pk: s for s in open_ceremony.signatories.filter(signed_at__isnull=False)}

    ceremony_reopen(ceremony=open_ceremony, reason="Sửa điều 2", meta=chair_meta)

    voided = list(VoidedSignature.objects.filter(ceremony=open_ceremony).order_by("pk"))
    assert [v.signatory_id for v in voided] == [first.pk, second.pk]
    for record in voided:
        original = signed[record.signatory_id]
        assert bytes(record.signature_png) == bytes(original.signature_png)
        assert record.signature_sha256 == original.signature_sha256
        assert record.signed_at == original.signed_at
        assert record.text_sha256 == open_ceremony.text_sha256
        assert (record.voided_by, record.void_reason) == (chair_meta.user, "Sửa điều 2")


def test_reopen_audit_says_which_signatures_were_voided_by_whom_and_why(
    open_ceremony, chair_meta, png
):
    first = open_ceremony.signatories.order_by("position").select_related("unit").first()
    sign_by_kiosk(open_ceremony, first, png, chair_meta)
    first.refresh_from_db()

    ceremony_reopen(ceremony=open_ceremony, reason="Sửa điều 2", meta=chair_meta)

    voided, reopened = open_ceremony.audit_events.order_by("seq").reverse()[:2][::-1]
    assert (voided.kind, voided.signatory_id, voided.image_sha256) == (
        AuditKind.VOIDED,
        first.pk,
        first.signature_sha256,
    )
    assert (voided.user_email, voided.detail) == (chair_meta.user.email, "Sửa điều 2")
    assert reopened.kind == AuditKind.REOPENED
    assert reopened.detail_display == (
        f"Lý do: Sửa điều 2. Đã hủy 1 chữ ký: {first.unit.name} ({first.full_name})"
    )
    with translation.override("en"):
        assert reopened.detail_display == (
            f"Reason: Sửa điều 2. 1 signature(s) voided: {first.unit.name} ({first.full_name})"
        )


def test_reopen_without_a_reason_is_refused(open_ceremony, chair_meta, png):
    first = open_ceremony.signatories.order_by("position").first()
    sign_by_kiosk(open_ceremony, first, png, chair_meta)

    with pytest.raises(SigningError) as error:
        ceremony_reopen(ceremony=open_ceremony, reason="  ", meta=chair_meta)

    assert error.value.code == "no_reason"
    first.refresh_from_db()
    assert first.has_signed
    assert not VoidedSignature.objects.exists()


def test_reopen_of_a_draft_is_refused(ceremony):
    with pytest.raises(SigningError) as error:
        ceremony_reopen(ceremony=ceremony, reason="x")
    assert error.value.code == "not_open"


def test_cancel_stops_everything(open_ceremony, chair_meta, png):
    ceremony_cancel(ceremony=open_ceremony, reason="Hoãn hội nghị", meta=chair_meta)
    with pytest.raises(SigningError) as error:
        sign_by_kiosk(open_ceremony, open_ceremony.signatories.first(), png, chair_meta)
    assert error.value.code == "not_open"


def test_seal_with_missing_signatures_and_no_reason_is_refused(open_ceremony, chair_meta, png):
    sign_by_kiosk(open_ceremony, open_ceremony.signatories.first(), png, chair_meta)

    with pytest.raises(SigningError) as error:
        ceremony_seal(ceremony=open_ceremony, meta=chair_meta)

    assert error.value.code == "missing_signatures"
    open_ceremony.refresh_from_db()
    assert open_ceremony.state == CeremonyState.OPEN
    assert not open_ceremony.pdf


def test_seal_with_missing_signatures_records_the_reason(open_ceremony, chair_meta, png):
    sign_by_kiosk(open_ceremony, open_ceremony.signatories.first(), png, chair_meta)

    sealed = ceremony_seal(
        ceremony=open_ceremony, meta=chair_meta, missing_reason="Hai đơn vị vắng mặt"
    )

    assert sealed.state == CeremonyState.SEALED
    assert sealed.missing_reason == "Hai đơn vị vắng mặt"
    last = sealed.audit_events.order_by("seq").last()
    assert last.kind == AuditKind.SEALED
    assert last.detail.startswith("Hai đơn vị vắng mặt [")


def test_nothing_changes_after_sealing(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    sealed = ceremony_seal(ceremony=open_ceremony, meta=chair_meta)
    signatory = sealed.signatories.first()

    attempts = {
        "update": lambda: covenant_update(ceremony=sealed, closing="x"),
        "substitute": lambda: signatory_update(signatory=signatory, full_name="Người khác"),
        "reopen": lambda: ceremony_reopen(ceremony=sealed, reason="x"),
        "seal": lambda: ceremony_seal(ceremony=sealed),
        "sign": lambda: sign_by_kiosk(sealed, signatory, signature_png(), chair_meta),
        "cancel": lambda: ceremony_cancel(ceremony=sealed, reason="x"),
    }
    codes = {}
    for name, attempt in attempts.items():
        with pytest.raises(SigningError) as error:
            attempt()
        codes[name] = error.value.code

    assert set(codes.values()) == {"sealed"}
    sealed.refresh_from_db()
    assert sealed.state == CeremonyState.SEALED
