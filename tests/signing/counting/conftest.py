"""A vote that was held: member units whose directors checked in, a chair,
a guest from the host's office who can sit on any counting committee."""

import subprocess
from dataclasses import dataclass

import pytest

from events.models import Decision
from events.services.decisions import ballot_cast_open, poll_close, poll_create, poll_open
from tests.events.decisions_world import check_in
from tests.factories import ConferenceFactory, MemberUnitFactory, RegistrationFactory


def pdf_text(data: bytes) -> str:
    out = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode()


@dataclass
class Room:
    conference: object
    units: list
    directors: dict
    chair: object
    guest: object


def make_room(units: int = 3) -> Room:
    conference = ConferenceFactory(venue="Hội trường UBND tỉnh", address="Số 7 Trường Chinh")
    term = conference.term
    extra = [MemberUnitFactory(cluster=term.cluster) for _ in range(max(0, units - 3))]
    term.members.add(*extra)
    members = sorted(term.members.all(), key=lambda u: u.sort_key)
    directors = {}
    for i, unit in enumerate(members):
        director = RegistrationFactory(
            conference=conference,
            unit=unit,
            role_code="director",
            full_name=f"Lê Văn Giám {i:02d}",
            title="Giám đốc",
        )
        check_in(director)
        directors[unit.pk] = director
    chair = RegistrationFactory(
        conference=conference,
        unit=term.chair,
        role_code="chair",
        full_name="Trần Văn Bảo",
        title="Giám đốc Sở Nội vụ",
    )
    guest = RegistrationFactory(
        conference=conference,
        unit=None,
        organization="Văn phòng Ban Thi đua - Khen thưởng",
        full_name="Phạm Thị Kiểm",
        title="Chuyên viên",
    )
    return Room(conference, members, directors, chair, guest)


def closed_poll(room: Room, *, kind="adopt", title="Thông qua Báo cáo sơ kết", yes=None, **kw):
    """A round opened, voted by every director (``yes(voter_index, line)``
    says who agrees), and closed."""
    decision = Decision.objects.create(conference=room.conference, kind=kind, title=title, **kw)
    poll = poll_open(poll=poll_create(decision=decision))
    lines = list(poll.candidates.all())
    for i, unit in enumerate(room.units):
        choices = {
            str(c.pk): bool(yes(i, c)) if yes else True
            for c in lines
            if c.unit_id != unit.pk  # a unit may not vote for itself (the default rule)
        }
        ballot_cast_open(poll=poll, registration=room.directors[unit.pk], choices=choices)
    return poll_close(poll=poll)


@pytest.fixture
def room(db):
    return make_room()
