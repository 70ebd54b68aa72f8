"""What the decisions tests share: delegates checked in at the main entrance,
so a poll's electorate can be taken from check-in."""

import uuid

from events.services.checkin import checkin_list_main, checkin_perform


def check_in(registration) -> None:
    conference = registration.conference
    result = checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        nonce=uuid.uuid4().hex,
        code=registration.code,
    )
    assert result.ok, result.code


def checked_in_heads(conference, name: str = "Lê Văn Hội", **fields) -> list:
    """A director for each member unit, in the units' order, checked in: the
    electorate of a vote with one ballot per unit. ``fields`` may hold a
    callable of the index (e.g. ``email=lambda i: f"gd{i}@x.vn"``)."""
    from tests.factories import RegistrationFactory

    heads = []
    for i, unit in enumerate(sorted(conference.term.members.all(), key=lambda u: u.sort_key)):
        extra = {k: (v(i) if callable(v) else v) for k, v in fields.items()}
        head = RegistrationFactory(
            conference=conference, unit=unit, role_code="director", full_name=f"{name} {i}", **extra
        )
        check_in(head)
        heads.append(head)
    return heads
