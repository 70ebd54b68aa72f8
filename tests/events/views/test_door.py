"""The door desk as check-in staff use it: find, print a badge, walk-ins."""

import io

import pypdf
import pytest
from django.urls import reverse

from events.models import ActivityLog, Checkin, RegistrationStatus, WalkIn
from events.services.registrations import policy_update
from tests.factories import RegistrationFactory


@pytest.fixture
def delegate(db):
    return RegistrationFactory(
        full_name="Nguyễn Quang Đông", role_code="director", title="Giám đốc"
    )


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages)


def test_checkin_staff_print_one_badge_and_it_is_audited(delegate, make_member):
    conference = delegate.conference
    client, staff = make_member(conference, "checkin")

    response = client.get(reverse("events:checkin_badge", args=[conference.slug, delegate.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = _pdf_text(response.content)
    assert "Nguyễn Quang Đông" in text
    assert delegate.manual_code_display in text
    entry = ActivityLog.objects.get(action="badge.printed")
    assert (entry.actor, entry.object_id, entry.object_label) == (
        staff,
        delegate.pk,
        "Nguyễn Quang Đông",
    )


def test_checkin_staff_still_cannot_print_the_organizers_batch(delegate, make_member):
    client, _staff = make_member(delegate.conference, "checkin")

    response = client.get(reverse("events:registration_badges", args=[delegate.conference.slug]))

    assert response.status_code == 403


def test_badge_of_a_pending_delegate_is_not_printed(db, make_member):
    pending = RegistrationFactory(full_name="Trần Thị Mai", status="pending")
    client, _staff = make_member(pending.conference, "checkin")

    response = client.get(
        reverse("events:checkin_badge", args=[pending.conference.slug, pending.pk]), follow=True
    )

    assert response["Content-Type"].startswith("text/html")
    assert "Trần Thị Mai chưa được duyệt: không in được thẻ." in response.content.decode()
    assert not ActivityLog.objects.filter(action="badge.printed").exists()


def test_desk_finds_by_name_without_diacritics_and_by_manual_code(delegate, make_member):
    conference = delegate.conference
    client, _staff = make_member(conference, "checkin")
    url = reverse("events:door_desk", args=[conference.slug])

    by_name = client.get(url, {"q": "nguyen dong"}).content.decode()
    code = delegate.manual_code_display.lower().replace("-", " ")
    by_code = client.get(url, {"q": code}).content.decode()

    badge_url = reverse("events:checkin_badge", args=[conference.slug, delegate.pk])
    for page in (by_name, by_code):
        assert "Nguyễn Quang Đông" in page
        assert badge_url in page
    assert "Không có ai khớp với" in client.get(url, {"q": "zzzz"}).content.decode()


def test_walkin_by_staff_waits_then_organizer_approves_and_it_is_checked_in(delegate, make_member):
    conference = delegate.conference
    staff_client, _staff = make_member(conference, "checkin")
    organizer_client, _organizer = make_member(conference, "organizer")
    guest_role = conference.roles.get(code="guest")

    response = staff_client.post(
        reverse("events:walkin_new", args=[conference.slug]),
        {"full_name": "Đỗ Thị Hoa", "organization": "Bộ Nội vụ", "role": guest_role.pk},
        follow=True,
    )

    assert "Đỗ Thị Hoa đang chờ Ban tổ chức duyệt." in response.content.decode()
    walkin = WalkIn.objects.get()
    assert walkin.status == "pending"
    approve = reverse("events:walkin_approve", args=[conference.slug, walkin.pk])
    assert approve not in response.content.decode()  # staff may not approve here
    assert staff_client.post(approve).status_code == 403

    desk = organizer_client.get(reverse("events:door_desk", args=[conference.slug]))
    assert approve in desk.content.decode()
    organizer_client.post(approve)

    walkin.refresh_from_db()
    assert walkin.registration.status == RegistrationStatus.APPROVED
    assert Checkin.objects.filter(registration=walkin.registration).count() == 1


def test_staff_approve_walkins_when_the_conference_lets_them(delegate, make_member):
    conference = delegate.conference
    policy_update(conference=conference, staff_approve_walkins=True)
    client, _staff = make_member(conference, "checkin")

    response = client.post(
        reverse("events:walkin_new", args=[conference.slug]) + f"?replaces={delegate.pk}",
        {"full_name": "Phạm Văn Nam", "title": "Phó Giám đốc"},
        follow=True,
    )

    assert "Phạm Văn Nam đã được đăng ký và điểm danh." in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.status == RegistrationStatus.CANCELLED
    new = WalkIn.objects.get().registration
    assert (new.unit, new.role, new.checkins.count()) == (delegate.unit, delegate.role, 1)


def test_walkin_refusal_keeps_what_was_typed(delegate, make_member):
    conference = delegate.conference
    client, _staff = make_member(conference, "checkin")

    response = client.post(
        reverse("events:walkin_new", args=[conference.slug]),
        {
            "full_name": "Đỗ Thị Hoa",
            "organization": "Bộ Nội vụ",
            "phone": "12",
            "role": conference.roles.get(code="guest").pk,
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Đỗ Thị Hoa"' in page
    assert 'value="Bộ Nội vụ"' in page
    assert "Nhập số điện thoại" in page
    assert WalkIn.objects.count() == 0


def test_policy_page_sets_staff_approve_walkins(delegate, make_member):
    conference = delegate.conference
    client, _organizer = make_member(conference, "organizer")

    client.post(
        reverse("events:registration_policy", args=[conference.slug]),
        {"staff_approve_walkins": "on"},
    )

    conference.registration_policy.refresh_from_db()
    assert conference.registration_policy.staff_approve_walkins is True
    entry = ActivityLog.objects.get(action="policy.updated")
    assert entry.data["staff_approve_walkins"] == [False, True]
