import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from events.models import StaffRole
from events.services.checkin import checkin_list_main, checkin_perform
from tests.factories import MembershipFactory, MemberUnitFactory, RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
]


def _session_cookie(user) -> bytes:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connect(user, slug):
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(_session_cookie)(user)))
    communicator = WebsocketCommunicator(application, f"/ws/c/{slug}/attendance/", headers)
    connected, _code = await communicator.connect()
    return communicator, connected


@database_sync_to_async
def _scan(registration, nonce):
    conference = registration.conference
    return checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=registration.code,
        nonce=nonce,
    )


@database_sync_to_async
def _setup():
    delegate = RegistrationFactory(full_name="Hà Quang Vinh")
    conference = delegate.conference
    chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
    other_unit = conference.term.deputy
    guest = RegistrationFactory(conference=conference, full_name="Triệu Thị Lan", unit=other_unit)
    liaison = MembershipFactory(conference=conference, role=StaffRole.LIAISON, unit=other_unit).user
    return delegate, guest, chair, liaison


async def test_attendance_socket_relays_an_arrival_to_the_chair():
    delegate, _guest, chair, _liaison = await _setup()
    communicator, connected = await _connect(chair, delegate.conference.slug)
    try:
        assert connected
        await _scan(delegate, "n1")
        message = await communicator.receive_json_from(timeout=3)
    finally:
        await communicator.disconnect()

    assert message["event"] == "arrival"
    assert message["arrival"]["name"] == "Hà Quang Vinh"
    assert message["arrival"]["unit_id"] == delegate.unit_id


async def test_attendance_socket_of_liaison_carries_only_their_unit():
    delegate, guest, _chair, liaison = await _setup()
    communicator, connected = await _connect(liaison, delegate.conference.slug)
    try:
        assert connected
        await _scan(delegate, "n1")
        await _scan(guest, "n2")
        message = await communicator.receive_json_from(timeout=3)
        assert await communicator.receive_nothing(timeout=0.3)
    finally:
        await communicator.disconnect()

    assert message["arrival"]["name"] == "Triệu Thị Lan"


async def test_attendance_socket_refuses_anonymous_and_delegates():
    delegate, _guest, _chair, _liaison = await _setup()
    anonymous, connected = await _connect(None, delegate.conference.slug)
    await anonymous.disconnect()
    outsider = await database_sync_to_async(MembershipFactory)(
        role=StaffRole.LIAISON, unit=await database_sync_to_async(MemberUnitFactory)()
    )
    stranger, stranger_connected = await _connect(outsider.user, delegate.conference.slug)
    await stranger.disconnect()

    assert connected is False
    assert stranger_connected is False
