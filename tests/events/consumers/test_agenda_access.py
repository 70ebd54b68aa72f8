"""The live agenda socket of an unlisted conference closes to a delegate who
was declined or cancelled (issue #10, item 12)."""

import pytest
from channels.db import database_sync_to_async

from events.services.registrations import registration_decline, registration_set_status
from tests.events.consumers.test_agenda import connect, receive
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
]


@database_sync_to_async
def _delegate_of_unlisted_conference():
    conference = ConferenceFactory(is_public=False)
    user = UserFactory()
    registration = RegistrationFactory(conference=conference, user=user)
    return conference, user, registration


@pytest.mark.parametrize("status", ["declined", "cancelled"])
async def test_socket_refuses_a_delegate_once_declined_or_cancelled(status):
    conference, user, registration = await _delegate_of_unlisted_conference()
    before, connected_before, _ = await connect(conference.slug, user=user)
    await receive(before)
    await before.disconnect()
    if status == "declined":
        await database_sync_to_async(registration_decline)(
            registration=registration, reason="Thay người", notify=False
        )
    else:
        await database_sync_to_async(registration_set_status)(
            registration=registration, status=status
        )
    after, connected_after, code = await connect(conference.slug, user=user)
    await after.disconnect()
    assert (connected_before, connected_after, code) == (True, False, 4403)
