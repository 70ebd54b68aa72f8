import re
import time

import pytest
from django.test import Client

from events.checkin_tokens import self_checkin_token
from events.models import Checkin, CheckinRefusal, ScannerDevice, StaffRole
from events.services.checkin import checkin_list_main
from tests.factories import RegistrationFactory, UserFactory


@pytest.fixture
def delegate(db):
    return RegistrationFactory(full_name="Ma Văn Tùng", title="Phó Chánh Văn phòng")


def test_setup_page_lists_the_main_entrance(make_member, delegate):
    client, _user = make_member(delegate.conference, StaffRole.ORGANIZER)

    page = client.get(f"/c/{delegate.conference.slug}/checkin/").content.decode()

    assert "Cửa chính" in page
    assert "Điện thoại quét mã" in page


def test_setup_page_is_forbidden_to_check_in_staff(make_member, delegate):
    client, _user = make_member(delegate.conference, StaffRole.CHECKIN)

    assert client.get(f"/c/{delegate.conference.slug}/checkin/").status_code == 403


def test_organizer_creates_role_limited_list(make_member, delegate):
    conference = delegate.conference
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    chair_role = conference.roles.get(code="chair")

    client.post(
        f"/c/{conference.slug}/checkin/lists/new/",
        {"name": "Lễ ký kết", "roles": [chair_role.pk]},
    )

    signing = conference.checkin_lists.get(slug="le-ky-ket")
    assert (signing.allow_reentry, signing.role_limited, list(signing.roles.all())) == (
        False,
        True,
        [chair_role],
    )


def test_device_pairing_gives_the_phone_a_token_once(make_member, delegate):
    conference = delegate.conference
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    response = client.post(
        f"/c/{conference.slug}/checkin/devices/new/",
        {"name": "Cổng 1", "checkin_list": checkin_list_main(conference=conference).pk},
    )
    device = ScannerDevice.objects.get()
    detail = client.get(response.url).content.decode()
    pair_url = re.search(r"http://testserver(/scanner/pair/[^<\s]+/)", detail).group(1)
    phone = Client()

    preview = phone.get(pair_url)
    paired = phone.post(pair_url).content.decode()
    reused = phone.post(pair_url)

    assert "Ghép và mở màn hình quét" in preview.content.decode()
    token = re.search(r'data-token="([^"]+)"', paired).group(1)
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/checkin/", {"code": delegate.code, "nonce": "p1"}, "application/json"
    )
    assert answer.json()["checked_in_by"] == "Cổng 1"
    assert reused.status_code == 400
    device.refresh_from_db()
    assert device.paired_at is not None


def test_staff_scanner_page_renders_for_check_in_staff(make_member, delegate):
    client, _user = make_member(delegate.conference, StaffRole.CHECKIN)

    page = client.get(f"/c/{delegate.conference.slug}/checkin/scan/").content.decode()

    assert 'data-mode="session"' in page
    assert "vendor/jsqr/jsQR.js" in page
    assert "Tìm theo tên" in page


def _self_checkin_client(delegate):
    user = UserFactory(email=delegate.email or "tung@example.org")
    if not delegate.email:
        delegate.email = user.email
        delegate.save()
    client = Client()
    client.force_login(user)
    return client


def test_self_checkin_confirms_and_records_method_self(delegate):
    conference = delegate.conference
    client = _self_checkin_client(delegate)
    token = self_checkin_token(list_id=checkin_list_main(conference=conference).pk)

    landing = client.get(f"/c/{conference.slug}/self-check-in/{token}/")
    confirm_page = client.get(landing.url).content.decode()
    done = client.post(landing.url, {"registration": delegate.pk}).content.decode()

    assert "Ma Văn Tùng" in confirm_page
    assert "Tôi đã có mặt — điểm danh" in confirm_page
    assert "Xin chào! Đã điểm danh." in done
    assert Checkin.objects.get().method == "self"


def test_self_checkin_code_older_than_a_minute_is_refused(delegate):
    conference = delegate.conference
    client = _self_checkin_client(delegate)
    old = self_checkin_token(
        list_id=checkin_list_main(conference=conference).pk, now=time.time() - 90
    )

    page = client.get(f"/c/{conference.slug}/self-check-in/{old}/")

    assert page.status_code == 400
    assert "Mã ở cửa vào đã hết hạn" in page.content.decode()
    assert Checkin.objects.count() == 0


def test_self_checkin_replayed_code_is_refused(delegate, site_admin):
    from events.services.checkin import checkin_annul

    conference = delegate.conference
    client = _self_checkin_client(delegate)
    token = self_checkin_token(list_id=checkin_list_main(conference=conference).pk)
    landing = client.get(f"/c/{conference.slug}/self-check-in/{token}/")
    client.post(landing.url, {"registration": delegate.pk})
    checkin_annul(checkin=Checkin.objects.get(), user=site_admin)

    replay = client.get(f"/c/{conference.slug}/self-check-in/{token}/")
    page = client.post(replay.url, {"registration": delegate.pk}).content.decode()

    assert "Mã ở cửa vào này đã được sử dụng." in page
    assert Checkin.objects.filter(annulled_at__isnull=True).count() == 0
    assert CheckinRefusal.objects.get().result == "invalid"


def test_self_checkin_anonymous_is_sent_to_login(delegate):
    conference = delegate.conference
    token = self_checkin_token(list_id=checkin_list_main(conference=conference).pk)

    response = Client().get(f"/c/{conference.slug}/self-check-in/{token}/")

    assert response.url.startswith("/accounts/login/?next=")


def test_attendance_shows_expected_and_missing_per_unit(make_member, delegate):
    conference = delegate.conference
    RegistrationFactory(conference=conference, full_name="Hà Quang Vinh")
    client, _user = make_member(conference, StaffRole.CHAIR)
    from events.services.checkin import checkin_perform

    checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=delegate.code,
        nonce="x",
    )

    page = client.get(f"/c/{conference.slug}/attendance/").content.decode()

    assert '<span id="total-arrived">1</span>' in page
    assert '<span id="total-expected">2</span>' in page
    missing = re.findall(r'<li data-registration="\d+">([^<]+)</li>', page)
    assert missing == ["Hà Quang Vinh"]


def test_attendance_of_liaison_shows_only_their_unit(make_member, delegate):
    conference = delegate.conference
    other = RegistrationFactory(
        conference=conference, full_name="Đinh Thị Ngọc Ánh", unit=conference.term.deputy
    )
    client, _user = make_member(conference, StaffRole.LIAISON, unit=conference.term.deputy)

    page = client.get(f"/c/{conference.slug}/attendance/").content.decode()

    assert re.findall(r'<li data-registration="\d+">([^<]+)</li>', page) == [other.full_name]
    assert "Ma Văn Tùng" not in page


def test_conference_page_links_check_in_staff_to_the_scanner(make_member, delegate):
    client, _user = make_member(delegate.conference, StaffRole.CHECKIN)

    page = client.get(f"/c/{delegate.conference.slug}/").content.decode()

    assert f'href="/c/{delegate.conference.slug}/checkin/scan/"' in page
    assert f'href="/c/{delegate.conference.slug}/checkin/"' not in page
