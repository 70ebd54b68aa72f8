import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from events.models import RegistrationStatus, StaffRole
from events.names import split_full_name
from events.services.checkin import checkin_annul, checkin_list_main, checkin_perform
from events.services.registrations import registration_create, registration_reissue_code
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _register(conference, full_name, unit=None, role_code="specialist", status="approved", **kw):
    family, middle, given = split_full_name(full_name)
    return registration_create(
        conference=conference,
        family_name=family,
        middle_name=middle,
        given_name=given,
        unit=unit if unit is not None else conference.term.chair,
        role=conference.roles.get(code=role_code),
        status=status,
        **kw,
    )


def _names(response) -> list[str]:
    html = response.content.decode()
    return [part.split("</a>")[0] for part in html.split('class="reg-name">')[1:]]


def test_registration_list_search_without_diacritics(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    _register(conference, "Nguyễn Quang Đông")
    _register(conference, "Nguyễn Quang Đồng", unit=conference.term.deputy)
    _register(conference, "Trần Văn An")
    url = reverse("events:registration_list", kwargs={"slug": conference.slug})
    response = client.get(url, {"q": "nguyen quang dong"})
    assert sorted(_names(response)) == ["Nguyễn Quang Đông", "Nguyễn Quang Đồng"]


def test_registration_list_filters_by_role_and_status(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    _register(conference, "Lê Văn Hội", role_code="director")
    _register(conference, "Trần Văn An", status="pending")
    director = conference.roles.get(code="director")
    url = reverse("events:registration_list", kwargs={"slug": conference.slug})
    assert _names(client.get(url, {"role": director.pk})) == ["Lê Văn Hội"]
    assert _names(client.get(url, {"status": "pending"})) == ["Trần Văn An"]


def test_registration_list_filters_by_arrival_at_the_main_entrance(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    arrived = _register(conference, "Lê Văn Hội", role_code="director")
    left_again = _register(conference, "Trần Văn An")
    _register(conference, "Phạm Văn Bình")
    main = checkin_list_main(conference=conference)
    checkin_perform(conference=conference, checkin_list=main, code=arrived.code, nonce="a")
    undone = checkin_perform(
        conference=conference, checkin_list=main, code=left_again.code, nonce="b"
    )
    checkin_annul(checkin=undone.checkin)
    url = reverse("events:registration_list", kwargs={"slug": conference.slug})
    assert _names(client.get(url, {"arrived": "yes"})) == ["Lê Văn Hội"]
    assert sorted(_names(client.get(url, {"arrived": "no"}))) == ["Phạm Văn Bình", "Trần Văn An"]


def test_registration_list_query_count_is_constant(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    url = reverse("events:registration_list", kwargs={"slug": conference.slug})
    _register(conference, "Trần Văn An")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    units = list(conference.term.members.all())
    for i in range(30):
        _register(conference, f"Nguyễn Văn Người{i}", unit=units[i % 3], status="pending")
    _register(conference, "Hà Oai", unit=None, organization="Báo Bắc Kạn", role_code="press")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(_names(response)) == 32
    assert len(many) == len(few)


def test_registration_bulk_approve(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    a = _register(conference, "Trần Văn An", status="pending")
    b = _register(conference, "Lê Thị Bình", status="pending")
    c = _register(conference, "Phạm Văn Cường", status="pending")
    url = reverse("events:registration_bulk_approve", kwargs={"slug": conference.slug})
    client.post(url, {"ids": [a.pk, b.pk]})
    statuses = dict(conference.registrations.values_list("pk", "status"))
    assert statuses == {a.pk: "approved", b.pk: "approved", c.pk: "pending"}


def test_liaison_sees_only_their_unit(conference, make_member):
    chair, deputy = conference.term.chair, conference.term.deputy
    client, _user = make_member(conference, StaffRole.LIAISON, unit=chair)
    _register(conference, "Trần Văn An", unit=chair)
    other = _register(conference, "Lê Thị Bình", unit=deputy)
    own = client.get(reverse("events:liaison_unit", args=[conference.slug, chair.pk]))
    assert "Trần Văn An" in own.content.decode()
    assert "Lê Thị Bình" not in own.content.decode()
    assert (
        client.get(reverse("events:liaison_unit", args=[conference.slug, deputy.pk])).status_code
        == 403
    )
    assert (
        client.get(
            reverse("events:liaison_edit", args=[conference.slug, deputy.pk, other.pk])
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("events:registration_list", args=[conference.slug])).status_code == 403
    )
    # Another unit's person is not reachable through the liaison's own unit either.
    assert (
        client.get(
            reverse("events:liaison_edit", args=[conference.slug, chair.pk, other.pk])
        ).status_code
        == 404
    )


def test_liaison_cannot_change_another_unit(conference, make_member):
    chair, deputy = conference.term.chair, conference.term.deputy
    client, _user = make_member(conference, StaffRole.LIAISON, unit=chair)
    other = _register(conference, "Lê Thị Bình", unit=deputy, status="pending")
    specialist = conference.roles.get(code="specialist")
    response = client.post(
        reverse("events:liaison_edit", args=[conference.slug, deputy.pk, other.pk]),
        {"full_name": "Kẻ Giả Mạo", "role": specialist.pk},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("events:liaison_unit", args=[conference.slug, deputy.pk]),
        {"full_name": "Kẻ Giả Mạo", "role": specialist.pk},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.full_name == "Lê Thị Bình"
    assert conference.registrations.count() == 1


def test_liaison_registers_in_own_unit_whatever_the_post_says(conference, make_member):
    chair, deputy = conference.term.chair, conference.term.deputy
    client, user = make_member(conference, StaffRole.LIAISON, unit=chair)
    specialist = conference.roles.get(code="specialist")
    client.post(
        reverse("events:liaison_unit", args=[conference.slug, chair.pk]),
        {
            "full_name": "Trần Văn An",
            "role": specialist.pk,
            "unit": deputy.pk,
            "phone": "0912345678",
        },
    )
    registration = conference.registrations.get()
    assert (registration.unit, registration.status, registration.created_by) == (
        chair,
        "pending",
        user,
    )


def test_liaison_over_quota_sees_the_reason(conference, make_member):
    from events.services.registrations import policy_update

    chair = conference.term.chair
    client, _user = make_member(conference, StaffRole.LIAISON, unit=chair)
    director = conference.roles.get(code="director")
    policy_update(conference=conference, role_quotas={director.pk: 1})
    _register(conference, "Trần Văn An", unit=chair, role_code="director", status="pending")
    url = reverse("events:liaison_unit", args=[conference.slug, chair.pk])
    response = client.post(url, {"full_name": "Lê Thị Bình", "role": director.pk})
    assert response.status_code == 400
    assert f"{chair.short_name} đã có 1/1 × Giám đốc: hãy chọn vai trò khác." in (
        response.content.decode()
    )
    assert conference.registrations.count() == 1
    # When the unit's places are all taken, the page says so instead of a form.
    policy_update(conference=conference, unit_quota=1, role_quotas={director.pk: 1})
    page = client.get(url).content.decode()
    assert "Đơn vị đã đăng ký đủ số chỗ." in page
    assert 'id="add-heading"' not in page


def test_pass_page_shows_qr_with_code_only(conference):
    registration = _register(conference, "Trần Văn An", email="an@example.vn")
    from events.services.registrations import registration_link_user

    user = registration_link_user(registration=registration)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("events:my_pass", args=[conference.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="qr"' in html
    assert "Trần Văn An" in html
    assert conference.venue in html


def test_pass_page_of_a_declined_delegate_is_refused(conference):
    registration = _register(conference, "Trần Văn An", status="declined")
    response = Client().get(reverse("events:pass_by_code", args=[registration.code]))
    assert response.status_code == 403
    assert "Thẻ này không có hiệu lực" in response.content.decode()
    assert '<svg class="qr"' not in response.content.decode()


def test_pass_link_stops_working_after_reissue(conference):
    registration = _register(conference, "Trần Văn An")
    old = registration.code
    assert Client().get(reverse("events:pass_by_code", args=[old])).status_code == 200
    registration_reissue_code(registration=registration)
    assert Client().get(reverse("events:pass_by_code", args=[old])).status_code == 404
    assert Client().get(reverse("events:pass_by_code", args=[registration.code])).status_code == 200


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_attendee_list_pdf_groups_by_unit_then_role_in_vietnamese_order(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    unit = conference.term.chair
    _register(conference, "Nguyễn Văn Ước", unit=unit)
    _register(conference, "Nguyễn Văn Anh", unit=unit)
    _register(conference, "Trần Thị Ánh", unit=unit)
    _register(conference, "Lê Văn Đông", unit=unit, role_code="director")
    _register(conference, "Hà Oai", unit=None, organization="Báo Bắc Kạn", role_code="press")
    response = client.get(reverse("events:registration_attendee_list", args=[conference.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    order = ["Lê Văn Đông", "Nguyễn Văn Anh", "Trần Thị Ánh", "Nguyễn Văn Ước", "Hà Oai"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)
    assert "DANH SÁCH ĐẠI BIỂU" in text


def test_badges_pdf_four_per_a4_in_order(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    names = ["Nguyễn Văn Ước", "Trần Thị Ánh", "Nguyễn Văn Anh", "Lê Thị Ơn", "Phạm Đức Bình"]
    for name in names:
        _register(conference, name)
    _register(conference, "Chưa Duyệt", status="pending")
    response = client.get(reverse("events:registration_badges", args=[conference.slug]))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _pdf_text(response.content)
    expected = ["Nguyễn Văn Anh", "Trần Thị Ánh", "Phạm Đức Bình", "Lê Thị Ơn", "Nguyễn Văn Ước"]
    assert [n for n in expected if n in text] == expected
    positions = [text.index(name) for name in expected]
    assert positions == sorted(positions)
    assert "Chưa Duyệt" not in text


def test_badge_pdf_for_one_delegate_is_a6(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    registration = _register(conference, "Nguyễn <b>Văn</b> An", title="Chánh Văn phòng")
    response = client.get(
        reverse("events:registration_badge", args=[conference.slug, registration.pk])
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (298, 420)
    text = page.extract_text()
    assert "Nguyễn <b>Văn</b> An" in text  # escaped, not markup
    assert "Chánh Văn phòng" in text


def test_export_registrations_command_with_codes(conference):
    registration = _register(conference, "Trần Văn An", phone="+84912345678")
    out = io.StringIO()
    call_command(
        "export_registrations", conference.slug, "--with-codes", "--format", "csv", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("Mã check-in,Đường dẫn thẻ đại biểu")
    assert lines[1].endswith(
        f",{registration.code},http://127.0.0.1:8000/pass/{registration.code}/"
    )
    assert "+84912345678" in lines[1]


def test_export_xlsx_download_has_the_delegates(conference, make_member):
    from openpyxl import load_workbook

    client, _user = make_member(conference, StaffRole.ORGANIZER)
    _register(conference, '=HYPERLINK("x") Trần')
    response = client.get(reverse("events:registration_export", args=[conference.slug]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Họ và tên", "Chức vụ")
    assert rows[1][0] == '\'=HYPERLINK("x") Trần'


def _import_upload(conference) -> io.BytesIO:
    data = f"Họ và tên,Đơn vị,Vai trò\nTrần Văn An,{conference.term.chair.short_name},specialist\n"
    upload = io.BytesIO(data.encode())
    upload.name = "ds.csv"
    return upload


def test_import_view_preview_then_commit(conference, make_member, media_root):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    url = reverse("events:registration_import", args=[conference.slug])
    preview = client.post(url, {"file": _import_upload(conference)})
    assert "1 dòng hợp lệ; chưa lưu gì cho đến khi xác nhận." in preview.content.decode()
    assert conference.registrations.count() == 0
    token = client.session["registration_import"]["token"]
    assert [p.name for p in (media_root / "imports").iterdir()] == [f"{token}.bin"]
    client.post(url, {"token": token})
    assert list(conference.registrations.values_list("search_key", "status")) == [
        ("tran van an", RegistrationStatus.PENDING)
    ]
    assert list((media_root / "imports").iterdir()) == []


def test_import_view_cancel_deletes_the_preview_and_saves_nothing(
    conference, make_member, media_root
):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    url = reverse("events:registration_import", args=[conference.slug])
    client.post(url, {"file": _import_upload(conference)})
    token = client.session["registration_import"]["token"]
    response = client.post(url, {"token": token, "cancel": "1"}, follow=True)
    assert "Đã hủy nhập; chưa lưu gì." in response.content.decode()
    assert list((media_root / "imports").iterdir()) == []
    assert "registration_import" not in client.session
    assert conference.registrations.count() == 0
    again = client.post(url, {"token": token}, follow=True)
    assert "Bản xem trước đã hết hạn; hãy tải tệp lên lại." in again.content.decode()
    assert conference.registrations.count() == 0


def test_import_view_confirm_after_the_preview_was_cleaned_up_asks_to_upload_again(
    conference, make_member, media_root
):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    url = reverse("events:registration_import", args=[conference.slug])
    client.post(url, {"file": _import_upload(conference)})
    token = client.session["registration_import"]["token"]
    (media_root / "imports" / f"{token}.bin").unlink()
    response = client.post(url, {"token": token}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Bản xem trước đã hết hạn; hãy tải tệp lên lại." in response.content.decode()
    assert conference.registrations.count() == 0


def test_import_view_second_upload_replaces_the_first_preview(conference, make_member, media_root):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    url = reverse("events:registration_import", args=[conference.slug])
    client.post(url, {"file": _import_upload(conference)})
    client.post(url, {"file": _import_upload(conference)})
    token = client.session["registration_import"]["token"]
    assert [p.name for p in (media_root / "imports").iterdir()] == [f"{token}.bin"]


def test_import_view_wrong_encoding_message(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    upload = io.BytesIO("Họ và tên,Vai trò\n".encode("utf-16"))
    upload.name = "ds.csv"
    response = client.post(
        reverse("events:registration_import", args=[conference.slug]), {"file": upload}
    )
    assert response.status_code == 400
    assert "Tệp không được mã hóa UTF-8" in response.content.decode()


def test_liaison_invite_emails_personal_link(
    conference, make_member, django_capture_on_commit_callbacks
):
    from django.core import mail

    client, _user = make_member(conference, StaffRole.ORGANIZER)
    unit = conference.term.deputy
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:liaison_list", args=[conference.slug]),
            {"unit": unit.pk, "email": "lienlac@example.vn", "name": "Lò Văn Liên"},
        )
    assert conference.memberships.get(role=StaffRole.LIAISON).unit == unit
    assert mail.outbox[0].to == ["lienlac@example.vn"]
    assert f"/c/{conference.slug}/unit/{unit.pk}/" in mail.outbox[0].body
    card = client.get(reverse("events:liaison_card", args=[conference.slug, unit.pk]))
    assert '<svg class="qr"' in card.content.decode()


def test_registration_factory_still_works():
    assert RegistrationFactory().status == "approved"
    assert ConferenceFactory().roles.count() == 10


def test_my_pass_asks_anonymous_visitors_to_log_in(conference):
    url = reverse("events:my_pass", args=[conference.slug])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_my_pass_of_a_pending_delegate_explains_why(conference):
    from events.services.registrations import registration_link_user

    registration = _register(conference, "Trần Văn An", email="an@example.vn", status="pending")
    client = Client()
    client.force_login(registration_link_user(registration=registration))
    response = client.get(reverse("events:my_pass", args=[conference.slug]))
    assert response.status_code == 403
    assert "đang chờ Ban tổ chức duyệt" in response.content.decode()
