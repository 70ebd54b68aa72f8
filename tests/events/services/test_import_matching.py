"""Import cells as people write them: unit names with or without the office
and the province's level, a role by the start of its name, and errors that
list what is accepted. The template carries the lists as drop-downs."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.models import DelegateRole, MemberUnit, Province, StaffRole
from events.services.imports import import_parse, import_run
from tests.factories import ConferenceFactory, MembershipFactory, MemberUnitFactory

pytestmark = pytest.mark.django_db

HEADER = "Họ và tên,Đơn vị,Vai trò"


@pytest.fixture
def tuyen_quang():
    conference = ConferenceFactory()
    members = conference.term.members
    # The factory may have made a Tuyên Quang unit already: rename it.
    members.filter(short_name="Tuyên Quang").update(
        name="Sở Nội vụ tỉnh Hà Giang", short_name="Hà Giang"
    )
    province = (
        Province.objects.filter(valid_to__isnull=True)
        .exclude(pk__in=members.values("province"))
        .first()
    )
    unit = MemberUnitFactory(
        cluster=conference.term.cluster,
        province=province,
        name="Sở Nội vụ tỉnh Tuyên Quang",
        short_name="Tuyên Quang",
    )
    conference.term.members.add(unit)
    return conference, unit


def _rows(conference, *lines, commit=False):
    data = "\n".join([HEADER, *lines]).encode()
    return import_run(
        conference=conference, rows=import_parse(data=data, filename="ds.csv"), commit=commit
    ).rows


@pytest.mark.parametrize(
    "written",
    [
        "Sở Nội vụ tỉnh Tuyên Quang",
        "Sở Nội vụ Tuyên Quang",
        "Tuyên Quang",
        "SNV Tuyên Quang",
        "snv tuyen quang",
        "Tỉnh Tuyên Quang",
    ],
)
def test_import_finds_the_unit_as_people_write_it(tuyen_quang, written):
    conference, unit = tuyen_quang
    (row,) = _rows(conference, f"Nguyễn Văn An,{written},Giám đốc")
    assert row.errors == []
    assert row.registration.unit == unit


def test_import_unknown_unit_lists_the_member_units(tuyen_quang):
    conference, _unit = tuyen_quang
    (row,) = _rows(conference, "Nguyễn Văn An,Sở Nội vụ Hà Giang,Giám đốc")
    names = MemberUnit.objects.filter(terms=conference.term).values_list("short_name", flat=True)
    assert len(row.errors) == 1
    assert row.errors[0].startswith(
        "Đơn vị thành viên: “Sở Nội vụ Hà Giang” không phải là đơn vị thành viên năm nay. "
        "Đơn vị phải là một trong: "
    )
    assert all(name in row.errors[0] for name in names)


def test_import_role_by_the_start_of_its_name_when_unambiguous(tuyen_quang):
    conference, _unit = tuyen_quang
    (row,) = _rows(conference, "Nguyễn Văn An,Tuyên Quang,Chuyên viên")
    assert row.errors == []
    assert row.registration.role.code == "specialist"


def test_import_ambiguous_role_names_the_candidates(tuyen_quang):
    conference, _unit = tuyen_quang
    DelegateRole.objects.create(
        conference=conference, code="vice-chair", name="Phó Chủ tịch", position=99
    )
    (row,) = _rows(conference, "Nguyễn Văn An,Tuyên Quang,Phó")
    accepted = ", ".join(conference.roles.order_by("position").values_list("name", flat=True))
    assert row.errors == [
        "Vai trò: “Phó” có thể là Phó Giám đốc, Phó Chủ tịch: hãy ghi đầy đủ tên vai trò. "
        f"Vai trò phải là một trong: {accepted}."
    ]


def test_import_unknown_role_lists_the_accepted_roles(tuyen_quang):
    conference, _unit = tuyen_quang
    (row,) = _rows(conference, "Nguyễn Văn An,Tuyên Quang,Kế toán")
    accepted = ", ".join(conference.roles.order_by("position").values_list("name", flat=True))
    assert row.errors == [
        f"Vai trò: Vai trò “Kế toán” không tồn tại. Vai trò phải là một trong: {accepted}."
    ]


def test_template_download_has_the_units_and_roles_as_drop_down_lists(tuyen_quang, client):
    conference, _unit = tuyen_quang
    organizer = MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user
    client.force_login(organizer)

    response = client.get(reverse("events:registration_template", args=[conference.slug]))

    workbook = load_workbook(io.BytesIO(response.content))
    sheet, lists = workbook["Đại biểu"], workbook["Danh mục"]
    header = [c.value for c in sheet[1]]
    units = [c.value for c in lists["A"][1:] if c.value]
    roles = [c.value for c in lists["B"][1:] if c.value]
    assert "Tuyên Quang" in units
    assert len(units) == conference.term.members.count()
    assert roles == list(conference.roles.order_by("position").values_list("name", flat=True))
    validations = {
        str(v.sqref): (v.type, v.formula1) for v in sheet.data_validations.dataValidation
    }
    unit_col = "ABCDEFGHI"[header.index("Đơn vị")]
    role_col = "ABCDEFGHI"[header.index("Vai trò")]
    assert validations[f"{unit_col}2:{unit_col}501"] == (
        "list",
        f"'Danh mục'!$A$2:$A${len(units) + 1}",
    )
    assert validations[f"{role_col}2:{role_col}501"] == (
        "list",
        f"'Danh mục'!$B$2:$B${len(roles) + 1}",
    )


def test_the_filled_template_imports_as_it_is(tuyen_quang, client):
    conference, _unit = tuyen_quang
    organizer = MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user
    client.force_login(organizer)
    data = client.get(reverse("events:registration_template", args=[conference.slug])).content

    result = import_run(
        conference=conference, rows=import_parse(data=data, filename="mau.xlsx"), commit=True
    )

    assert result.committed
    assert conference.registrations.count() == 2
