import pytest

from events.models import ClusterTerm
from signing.errors import SigningError
from signing.models import AuditKind
from signing.services import ceremony_setup, signatory_update
from signing.services.signatories import authority_for
from tests.factories import ConferenceFactory, MemberUnitFactory, RegistrationFactory
from tests.signing.conftest import sign_by_kiosk


def test_authority_for_a_deputy_signing_for_the_head():
    assert authority_for("Phó Giám đốc") == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert authority_for("Giám đốc") == ("", "GIÁM ĐỐC")


def test_defaults_one_per_unit_chair_deputy_then_collation(db):
    chair = MemberUnitFactory(name="Sở Nội vụ tỉnh Yên Bái")
    deputy = MemberUnitFactory(cluster=chair.cluster, name="Sở Nội vụ tỉnh Bắc Kạn")
    others = [
        MemberUnitFactory(cluster=chair.cluster, name=f"Sở Nội vụ tỉnh {name}")
        for name in ("Tuyên Quang", "Hòa Bình", "Bắc Giang", "Đắk Lắk")
    ]
    term = ClusterTerm.objects.create(cluster=chair.cluster, year=2022, chair=chair, deputy=deputy)
    term.members.set([chair, deputy, *others])
    conference = ConferenceFactory(term=term)

    ceremony = ceremony_setup(conference=conference)

    names = [s.unit.name for s in ceremony.signatories.order_by("position")]
    assert names == [
        "Sở Nội vụ tỉnh Yên Bái",
        "Sở Nội vụ tỉnh Bắc Kạn",
        "Sở Nội vụ tỉnh Bắc Giang",
        "Sở Nội vụ tỉnh Đắk Lắk",
        "Sở Nội vụ tỉnh Hòa Bình",
        "Sở Nội vụ tỉnh Tuyên Quang",
    ]
    roles = [s.cluster_role for s in ceremony.signatories.order_by("position")]
    assert roles == ["chair", "deputy", "", "", "", ""]


def test_defaults_take_the_signer_from_registrations(ceremony):
    first = ceremony.signatories.order_by("position").first()
    assert (first.full_name, first.authority_prefix, first.title) == (
        "Nguyễn Quang Đông",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    )
    assert first.email == "nguyen-quang-dong@" + first.unit.slug + ".example"


def test_substitute_by_typing_a_name(ceremony):
    signatory = ceremony.signatories.order_by("position").first()
    updated = signatory_update(
        signatory=signatory,
        full_name="  Trần  Văn Nam ",
        title="Giám đốc",
        email="Nam@Example.VN",
    )
    assert (updated.full_name, updated.title, updated.authority_prefix, updated.email) == (
        "Trần Văn Nam",
        "GIÁM ĐỐC",
        "",
        "nam@example.vn",
    )


def test_substitute_with_a_person_of_another_unit_is_refused(ceremony):
    first, second = ceremony.signatories.order_by("position")[:2]
    other = RegistrationFactory(
        conference=ceremony.covenant.conference,
        full_name="Hoàng Văn Nam",
        title="Giám đốc",
        role_code="director",
        unit=second.unit,
    )
    with pytest.raises(SigningError) as error:
        signatory_update(signatory=first, registration=other)
    assert error.value.code == "other_unit"


def test_substitution_while_open_is_audited(open_ceremony, chair_meta):
    signatory = open_ceremony.signatories.order_by("position").first()
    signatory_update(
        signatory=signatory, full_name="Trần Văn Nam", title="Giám đốc", meta=chair_meta
    )
    last = open_ceremony.audit_events.order_by("seq").last()
    assert (last.kind, last.detail) == (AuditKind.SUBSTITUTED, "Nguyễn Quang Đông → Trần Văn Nam")


def test_substitution_after_signing_is_refused(open_ceremony, chair_meta, png):
    signatory = open_ceremony.signatories.order_by("position").first()
    sign_by_kiosk(open_ceremony, signatory, png, chair_meta)
    with pytest.raises(SigningError) as error:
        signatory_update(signatory=signatory, full_name="Trần Văn Nam", title="Giám đốc")
    assert error.value.code == "already_signed"
    signatory.refresh_from_db()
    assert signatory.full_name == "Nguyễn Quang Đông"
