import io

from django.core.management import call_command

from events.demo import CONFERENCE_2022, load_demo
from signing.models import Ceremony, CeremonyState


def test_demo_covenant_has_seven_signatories_in_grid_order_and_reloads_idempotently(db):
    load_demo()
    ceremony = Ceremony.objects.get(covenant__conference__slug=CONFERENCE_2022)

    rows = [
        (s.unit.short_name, s.full_name, s.authority_prefix, s.title)
        for s in ceremony.signatories.order_by("position").select_related("unit")
    ]

    assert ceremony.state == CeremonyState.DRAFT
    assert rows[:2] == [
        ("Bắc Giang", "Nguyễn Quang Đông", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        ("Bắc Kạn", "Lê Văn Hội", "", "GIÁM ĐỐC"),
    ]
    assert [row[0] for row in rows[2:]] == [
        "Hòa Bình",
        "Phú Thọ",
        "Thái Nguyên",
        "Tuyên Quang",
        "Yên Bái",
    ]
    assert all(row[1] for row in rows)
    assert ceremony.covenant.signed_on.isoformat() == "2022-07-22"

    call_command("load_demo", stdout=io.StringIO())  # idempotent
    ceremony.refresh_from_db()
    assert (ceremony.signatories.count(), ceremony.audit_count) == (7, 0)


def test_create_signing_certificate_writes_a_pair(tmp_path):
    out = io.StringIO()
    call_command("create_signing_certificate", dir=str(tmp_path), stdout=out)
    assert (tmp_path / "key.pem").read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert (tmp_path / "cert.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
