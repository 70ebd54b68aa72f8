"""The live agenda socket, through the real ASGI application (origin check,
session auth, routing) and the configured channel layer."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from events.selectors.agenda import agenda_version
from events.services.agenda_live import agenda_announce, agenda_start_next
from tests.factories import AgendaItemFactory, ConferenceFactory, RegistrationFactory, UserFactory

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
]


def _cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


async def connect(conference_slug: str, user=None, origin: bytes = b"http://127.0.0.1"):
    headers = [(b"origin", origin), (b"host", b"127.0.0.1")]
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(_cookie)(user)))
    communicator = WebsocketCommunicator(
        application, f"/ws/c/{conference_slug}/agenda/", headers=headers
    )
    connected, code = await communicator.connect()
    return communicator, connected, code


async def receive(communicator) -> dict:
    return json.loads(await communicator.receive_from(timeout=5))


@pytest.fixture
def public_conference():
    conference = ConferenceFactory(is_public=True)
    AgendaItemFactory(conference=conference, title="Khai mạc", duration_minutes=10)
    AgendaItemFactory(conference=conference, title="Báo cáo", duration_minutes=20)
    return conference


async def test_socket_sends_the_snapshot_with_its_version_on_connect(public_conference):
    communicator, connected, _ = await connect(public_conference.slug)
    snapshot = await receive(communicator)
    await communicator.disconnect()
    assert connected is True
    assert (snapshot["type"], snapshot["version"]) == ("snapshot", 2)
    assert [(i["title"], i["start"], i["end"]) for i in snapshot["items"]] == [
        ("Khai mạc", "08:00", "08:10"),
        ("Báo cáo", "08:10", "08:30"),
    ]


async def test_committed_change_is_broadcast_to_the_conference_socket(public_conference):
    communicator, _, _ = await connect(public_conference.slug)
    await receive(communicator)
    await database_sync_to_async(agenda_start_next)(conference=public_conference)
    update = await receive(communicator)
    await communicator.disconnect()
    assert update["version"] == 3
    assert [i["status"] for i in update["items"]] == ["running", "planned"]
    assert update["current"] == update["items"][0]["id"]


async def test_other_conference_socket_never_hears_the_change(public_conference):
    other = await database_sync_to_async(ConferenceFactory)(is_public=True)
    mine, _, _ = await connect(public_conference.slug)
    theirs, _, _ = await connect(other.slug)
    await receive(mine)
    await receive(theirs)
    await database_sync_to_async(agenda_announce)(conference=public_conference, text="Giải lao")
    update = await receive(mine)
    heard_nothing = await theirs.receive_nothing(timeout=0.5)
    await mine.disconnect()
    await theirs.disconnect()
    assert update["announcement"] == "Giải lao"
    assert heard_nothing is True


async def test_delegate_socket_is_read_only(public_conference):
    communicator, _, _ = await connect(public_conference.slug)
    await receive(communicator)
    await communicator.send_to(text_data=json.dumps({"type": "start_next"}))
    reply = await receive(communicator)
    await communicator.disconnect()
    assert reply == {
        "type": "error",
        "code": "read_only",
        "message": "Kết nối này chỉ nhận cập nhật; hãy dùng màn hình điều hành của chủ trì.",
    }
    assert await database_sync_to_async(agenda_version)(conference=public_conference) == 2


@pytest.mark.parametrize("payload", ["not json", "[1, 2]", '{"version": 1}', "x" * 2000, " "])
async def test_malformed_message_gets_an_error_and_the_socket_stays_open(
    public_conference, payload
):
    communicator, _, _ = await connect(public_conference.slug)
    await receive(communicator)
    await communicator.send_to(text_data=payload)
    reply = await receive(communicator)
    await communicator.send_to(text_data='{"type": "ping"}')
    pong = await receive(communicator)
    await communicator.disconnect()
    assert (reply["type"], reply["code"]) == ("error", "malformed")
    assert pong == {"type": "pong"}


async def test_reconnecting_client_with_an_old_version_is_resynchronised(public_conference):
    communicator, _, _ = await connect(public_conference.slug)
    first = await receive(communicator)
    await database_sync_to_async(agenda_start_next)(conference=public_conference)
    await receive(communicator)
    await communicator.send_to(text_data=json.dumps({"type": "sync", "version": first["version"]}))
    resync = await receive(communicator)
    await communicator.send_to(text_data=json.dumps({"type": "sync", "version": 3}))
    in_sync = await receive(communicator)
    await communicator.disconnect()
    assert (resync["type"], resync["version"]) == ("snapshot", 3)
    assert in_sync == {"type": "in_sync", "version": 3}


async def test_unknown_conference_is_refused():
    _communicator, connected, code = await connect("khong-co-hoi-nghi-nay")
    assert (connected, code) == (False, 4404)


async def test_private_conference_refuses_anonymous_and_serves_its_delegate():
    conference = await database_sync_to_async(ConferenceFactory)(is_public=False)
    delegate = await database_sync_to_async(UserFactory)()
    await database_sync_to_async(RegistrationFactory)(conference=conference, user=delegate)
    _anonymous, anon_connected, anon_code = await connect(conference.slug)
    communicator, connected, _ = await connect(conference.slug, user=delegate)
    snapshot = await receive(communicator)
    await communicator.disconnect()
    assert (anon_connected, anon_code) == (False, 4403)
    assert (connected, snapshot["version"]) == (True, 0)


async def test_socket_from_a_foreign_origin_is_refused(public_conference):
    _communicator, connected, _ = await connect(
        public_conference.slug, origin=b"https://evil.example"
    )
    assert connected is False
