"""The activity log page: organizers of the conference and site admins read
it, newest first, 50 a page, filtered by action or by person."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import ActivityLog, StaffRole
from events.services.activity import ActivityMeta, activity_record
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(conference, **query):
    url = reverse("events:activity_log", kwargs={"slug": conference.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _rows(response) -> list[str]:
    """Each table row's text, whitespace collapsed."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _log(conference, n, *, actor=None, action="registrations.imported", ip="203.0.113.9"):
    start = timezone.now() - timedelta(hours=1)
    for i in range(n):
        entry = activity_record(
            conference=conference,
            action=action,
            data={"rows": i},
            meta=ActivityMeta(user=actor, ip=ip),
        )
        ActivityLog.objects.filter(pk=entry.pk).update(at=start + timedelta(seconds=i))


def test_activity_page_shows_newest_first_with_who_what_and_from_where(conference, make_member):
    client, organizer = make_member(conference, StaffRole.ORGANIZER)
    _english(client)
    registration = RegistrationFactory(conference=conference, status="pending")
    client.post(
        reverse(
            "events:registration_status", kwargs={"slug": conference.slug, "pk": registration.pk}
        ),
        {"action": "approve"},
        REMOTE_ADDR="198.51.100.23",
    )
    client.post(
        reverse(
            "events:registration_status", kwargs={"slug": conference.slug, "pk": registration.pk}
        ),
        {"action": "decline", "reason": "Trùng người"},
        REMOTE_ADDR="198.51.100.24",
    )
    rows = _rows(client.get(_url(conference)))
    assert len(rows) == 2
    assert "Declined a registration: Nguyễn Văn An" in rows[0]
    assert "198.51.100.24" in rows[0]
    assert "Approved a registration: Nguyễn Văn An" in rows[1]
    assert "198.51.100.23" in rows[1]
    assert organizer.email in rows[0]


def test_activity_page_via_view_staff_removal_records_the_organizer_and_address(
    conference, make_member
):
    client, organizer = make_member(conference, StaffRole.ORGANIZER)
    chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR)
    client.post(
        reverse("events:conference_staff_remove", kwargs={"slug": conference.slug, "pk": chair.pk}),
        REMOTE_ADDR="192.0.2.50",
    )
    entry = ActivityLog.objects.get(conference=conference)
    assert (entry.action, entry.actor, entry.object_label, entry.ip) == (
        "staff.removed",
        organizer,
        chair.user.email,
        "192.0.2.50",
    )


def test_activity_page_labels_are_in_the_viewers_language(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    _log(conference, 1)
    vietnamese = _rows(client.get(_url(conference)))[0]
    english = _rows(_english(client).get(_url(conference)))[0]
    assert "Imported registrations" in english
    assert "Imported registrations" not in vietnamese
    assert "Nhập danh sách đại biểu" in vietnamese


def test_activity_page_is_fifty_a_page(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    _english(client)
    _log(conference, 51)
    first = client.get(_url(conference))
    second = client.get(_url(conference, page=2))
    assert len(_rows(first)) == 50
    assert "50 rows" in _rows(first)[0]  # the newest
    assert len(_rows(second)) == 1
    assert "0 rows" in _rows(second)[0]  # the oldest
    assert "page=2" in first.content.decode()


def test_activity_page_filters_by_action_and_by_person(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    _english(client)
    alice = UserFactory(email="alice@hoinghi.example")
    bob = UserFactory(email="bob@hoinghi.example")
    _log(conference, 2, actor=alice, action="staff.invited")
    _log(conference, 3, actor=bob, action="device.revoked")
    by_action = _rows(client.get(_url(conference, action="staff.invited")))
    assert len(by_action) == 2
    assert all("Invited a staff member" in row for row in by_action)
    by_person = _rows(client.get(_url(conference, actor=bob.pk)))
    assert len(by_person) == 3
    assert all("bob@hoinghi.example" in row for row in by_person)


def test_activity_page_never_shows_another_conferences_rows(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    _log(ConferenceFactory(), 4)
    assert _rows(client.get(_url(conference))) == []


@pytest.mark.parametrize("role", [StaffRole.CHAIR, StaffRole.CHECKIN, StaffRole.LIAISON])
def test_activity_page_is_refused_to_other_staff(conference, make_member, role):
    kwargs = {"unit": conference.term.chair} if role == StaffRole.LIAISON else {}
    client, _user = make_member(conference, role, **kwargs)
    _log(conference, 1)
    response = client.get(_url(conference))
    assert response.status_code == 403
    assert "203.0.113.9" not in response.content.decode()


def test_activity_page_is_not_found_for_an_organizer_of_another_conference(make_member):
    conference = ConferenceFactory()
    client, _user = make_member(ConferenceFactory(), StaffRole.ORGANIZER)
    _log(conference, 1)
    response = client.get(_url(conference))
    assert response.status_code == 404
    assert "203.0.113.9" not in response.content.decode()


def test_activity_page_sends_anonymous_visitors_to_log_in(conference):
    response = Client().get(_url(conference))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_page_is_open_to_site_admins(conference, admin_client_):
    _log(conference, 2)
    assert len(_rows(admin_client_.get(_url(conference)))) == 2


def test_activity_link_is_among_the_organizers_tools_only(conference, make_member):
    organizer, _user = make_member(conference, StaffRole.ORGANIZER)
    chair, _user = make_member(conference, StaffRole.CHAIR)
    assert _url(conference) in organizer.get(conference.get_absolute_url()).content.decode()
    assert _url(conference) not in chair.get(conference.get_absolute_url()).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("rows", [5, 60])
def test_activity_page_query_count_does_not_grow_with_rows(conference, make_member, rows):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    actors = [UserFactory() for _ in range(3)]
    _log(conference, 1, actor=actors[0])
    client.get(_url(conference))
    one = _queries(client, _url(conference))
    for i in range(rows - 1):
        _log(conference, 1, actor=actors[i % 3])
    assert _queries(client, _url(conference)) == one
    assert len(_rows(client.get(_url(conference)))) == min(rows, 50)


def test_activity_person_filter_lists_people_in_vietnamese_order(conference, make_member):
    """By given name, then middle, then family name (Đông before Hội before
    Thành); an email order would put them the other way round."""
    client, _organizer = make_member(conference, StaffRole.ORGANIZER)
    people = [
        UserFactory(name="Bùi Văn Thành", email="a@hoinghi.example"),
        UserFactory(name="Lê Văn Hội", email="b@hoinghi.example"),
        UserFactory(name="Nguyễn Quang Đông", email="c@hoinghi.example"),
    ]
    for person in people:
        activity_record(conference=conference, actor=person, action="staff.invited")
    html = client.get(_url(conference)).content.decode()
    names = re.findall(r'<option value="\d+">([^<&]+) &lt;', html)
    assert names == ["Nguyễn Quang Đông", "Lê Văn Hội", "Bùi Văn Thành"]
