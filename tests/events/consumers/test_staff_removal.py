"""A staff member whose role is taken away loses their open sockets of that
conference at once (close code 4403), unless another role still gives access."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from events.models import Membership, StaffRole
from events.services.staff import staff_remove
from tests.events.consumers.test_attendance import _connect, _session_cookie
from tests.factories import ConferenceFactory, MembershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
]


@database_sync_to_async
def _member(role, conference=None, user=None):
    kwargs = {"conference": conference or ConferenceFactory(), "role": role}
    if user is not None:
        kwargs["user"] = user
    return MembershipFactory(**kwargs)


@database_sync_to_async
def _remove(membership):
    staff_remove(membership=Membership.objects.get(pk=membership.pk))


async def test_attendance_socket_of_removed_checkin_staff_is_closed_with_4403():
    membership = await _member(StaffRole.CHECKIN)
    communicator, connected = await _connect(membership.user, membership.conference.slug)
    try:
        assert connected
        await _remove(membership)
        closed = await communicator.receive_output(timeout=3)
    finally:
        await communicator.disconnect()
    assert closed == {"type": "websocket.close", "code": 4403}


async def test_attendance_socket_stays_open_when_another_role_still_allows_it():
    checkin = await _member(StaffRole.CHECKIN)
    await _member(StaffRole.CHAIR, conference=checkin.conference, user=checkin.user)
    communicator, connected = await _connect(checkin.user, checkin.conference.slug)
    try:
        assert connected
        await _remove(checkin)
        assert await communicator.receive_nothing(timeout=0.5)
    finally:
        await communicator.disconnect()


async def test_removal_in_another_conference_leaves_the_socket_open():
    here = await _member(StaffRole.CHECKIN)
    elsewhere = await _member(StaffRole.CHECKIN, user=here.user)
    communicator, connected = await _connect(here.user, here.conference.slug)
    try:
        assert connected
        await _remove(elsewhere)
        assert await communicator.receive_nothing(timeout=0.5)
    finally:
        await communicator.disconnect()


async def test_agenda_socket_of_removed_chair_of_a_private_conference_is_closed():
    membership = await _member(StaffRole.CHAIR)
    cookie = await database_sync_to_async(_session_cookie)(membership.user)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/c/{membership.conference.slug}/agenda/",
        [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"), (b"cookie", cookie)],
    )
    connected, _code = await communicator.connect()
    try:
        assert connected
        snapshot = await communicator.receive_json_from(timeout=3)
        assert snapshot["type"] == "snapshot"
        await _remove(membership)
        closed = await communicator.receive_output(timeout=3)
    finally:
        await communicator.disconnect()
    assert closed == {"type": "websocket.close", "code": 4403}
