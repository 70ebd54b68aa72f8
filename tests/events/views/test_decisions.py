"""The chair's decisions console: prepare, open, close, a new round; the
projector page; paper ballots. Every action is in the activity log."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from events.models import ActivityLog, Decision, PollStatus, StaffRole
from events.services.decisions import ballot_cast_open
from tests.events.decisions_world import check_in
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    conference = ConferenceFactory()
    heads = []
    for i, unit in enumerate(conference.term.members.all()):
        head = RegistrationFactory(
            conference=conference, unit=unit, role_code="director", full_name=f"Lê Văn {i}"
        )
        check_in(head)
        heads.append(head)
    chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
    client = Client()
    client.force_login(chair)
    return conference, heads, client


def _url(conference, name, **kwargs):
    return reverse(f"events:{name}", kwargs={"slug": conference.slug, **kwargs})


def test_the_chair_prepares_opens_and_closes_a_motion(room):
    conference, heads, client = room
    response = client.post(
        _url(conference, "decisions"),
        {"kind": "adopt", "title": "Thông qua Báo cáo sơ kết", "max_choices": 1},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(conference=conference)
    poll = decision.polls.get()
    page = client.get(_url(conference, "decisions")).content.decode()
    assert "Thông qua Báo cáo sơ kết" in page and "Mở biểu quyết" in page
    client.post(_url(conference, "poll_action", poll_id=poll.pk, action="open"))
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN
    page = client.get(_url(conference, "decisions")).content.decode()
    assert "0/3 đã bỏ phiếu" in page
    line = poll.candidates.get()
    ballot_cast_open(poll=poll, registration=heads[0], choices={str(line.pk): True})
    ballot_cast_open(poll=poll, registration=heads[1], choices={str(line.pk): True})
    client.post(_url(conference, "poll_action", poll_id=poll.pk, action="close"))
    page = client.get(_url(conference, "decisions")).content.decode()
    assert "Đã thông qua" in page and "100,00" in page
    assert "Số người có quyền biểu quyết 3, số phiếu thu vào 2, hợp lệ 2." in page
    actions = list(
        ActivityLog.objects.filter(conference=conference).values_list("action", flat=True)
    )
    assert {"decision.created", "poll.created", "poll.opened", "poll.closed"} <= set(actions)


def test_a_refused_action_says_why_and_changes_nothing(room):
    conference, _heads, client = room
    client.post(
        _url(conference, "decisions"), {"kind": "adopt", "title": "Quy chế", "max_choices": 1}
    )
    poll = Decision.objects.get().polls.get()
    response = client.post(
        _url(conference, "poll_action", poll_id=poll.pk, action="close"), follow=True
    )
    assert "Cuộc bỏ phiếu này không mở." in response.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT


def test_a_blank_title_is_refused_in_the_form(room):
    conference, _heads, client = room
    response = client.post(
        _url(conference, "decisions"), {"kind": "adopt", "title": "  ", "max_choices": 1}
    )
    assert response.status_code == 200 and not Decision.objects.exists()


def test_paper_ballots_default_to_one_per_member_unit(room):
    conference, _heads, client = room
    client.post(
        _url(conference, "decisions"),
        {"kind": "award", "title": "Suy tôn Cờ thi đua", "max_choices": 1, "quota": 1},
    )
    poll = Decision.objects.get().polls.get()
    response = client.get(_url(conference, "poll_paper_ballots", poll_id=poll.pk))
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert response["Content-Type"] == "application/pdf" and len(pages) == 3
    huge = client.get(
        _url(conference, "poll_paper_ballots", poll_id=poll.pk) + "?copies=" + "9" * 5000
    )
    assert len(PdfReader(io.BytesIO(huge.content)).pages) == 3
