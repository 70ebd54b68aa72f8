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
