"""The signing grid socket of a chair whose role is taken away is closed."""

import pytest
from asgiref.sync import sync_to_async

from events.models import StaffRole
from events.services.staff import staff_remove
from tests.factories import MembershipFactory
from tests.signing.test_consumers import _communicator

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
]


async def test_grid_socket_of_a_removed_chair_of_a_private_conference_is_closed(open_ceremony):
    conference = await sync_to_async(lambda: open_ceremony.covenant.conference)()
    membership = await sync_to_async(MembershipFactory)(conference=conference, role=StaffRole.CHAIR)
    communicator = _communicator(conference.slug, membership.user)
    connected, _subprotocol = await communicator.connect()
    try:
        assert connected
        await communicator.receive_json_from(timeout=5)
        await sync_to_async(staff_remove)(membership=membership)
        closed = await communicator.receive_output(timeout=3)
    finally:
        await communicator.disconnect()
    assert closed == {"type": "websocket.close", "code": 4403}


async def test_grid_socket_of_a_removed_chair_of_a_public_conference_is_closed(open_ceremony):
    """Anyone may watch a public conference's grid, but the chair's socket
    carries signature image URLs: once the role is gone, it is closed too."""
    conference = await sync_to_async(lambda: open_ceremony.covenant.conference)()
    conference.is_public = True
    await sync_to_async(conference.save)(update_fields=["is_public"])
    membership = await sync_to_async(MembershipFactory)(conference=conference, role=StaffRole.CHAIR)
    communicator = _communicator(conference.slug, membership.user)
    connected, _subprotocol = await communicator.connect()
    try:
        assert connected
        await communicator.receive_json_from(timeout=5)
        await sync_to_async(staff_remove)(membership=membership)
        closed = await communicator.receive_output(timeout=3)
    finally:
        await communicator.disconnect()
    assert closed == {"type": "websocket.close", "code": 4403}
