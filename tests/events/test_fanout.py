"""The process hub (core.fanout): one channel-layer subscription per group
and process, relaying to every socket of that process."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from core.fanout import hub
from core.realtime import conference_group
from events.services.agenda_live import agenda_announce
from tests.events.consumers.test_agenda import connect, receive
from tests.factories import AgendaItemFactory, ConferenceFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
in_memory_only = pytest.mark.skipif(
    bool(settings.REDIS_URL), reason="reads the in-memory layer's group table"
)


@pytest.fixture
def conference():
    conference = ConferenceFactory(is_public=True)
    AgendaItemFactory(conference=conference, title="Khai mạc")
    return conference


async def open_sockets(conference, n: int) -> list[WebsocketCommunicator]:
    sockets = []
    for _ in range(n):
        socket, connected, _code = await connect(conference.slug)
        assert connected
        assert (await receive(socket))["type"] == "snapshot"
        sockets.append(socket)
    return sockets


async def announce(conference, text: str) -> None:
    await database_sync_to_async(agenda_announce)(conference=conference, text=text)


async def test_every_socket_of_the_process_gets_each_change(conference):
    sockets = await open_sockets(conference, 6)

    await announce(conference, "Đề nghị đại biểu ổn định chỗ ngồi")
    updates = [await receive(s) for s in sockets]
    for socket in sockets:
        await socket.disconnect()

    assert {u["announcement"] for u in updates} == {"Đề nghị đại biểu ổn định chỗ ngồi"}
    assert len({u["version"] for u in updates}) == 1


@in_memory_only
async def test_one_group_subscription_for_many_sockets_and_none_after_they_leave(conference):
    group = conference_group(conference.pk, "agenda")
    layer = get_channel_layer()
    sockets = await open_sockets(conference, 5)
    subscribed = len(layer.groups.get(group, {}))

    for socket in sockets:
        await socket.disconnect()

    assert subscribed == 1
    assert not layer.groups.get(group)
    assert group not in hub().groups


async def test_a_socket_that_left_does_not_stop_the_others(conference):
    first, second, third = await open_sockets(conference, 3)
    await second.disconnect()

    await announce(conference, "Giải lao 15 phút")
    heard = [await receive(s) for s in (first, third)]
    await first.disconnect()
    await third.disconnect()

    assert [h["announcement"] for h in heard] == ["Giải lao 15 phút"] * 2


async def test_sockets_opened_after_all_left_subscribe_again(conference):
    for socket in await open_sockets(conference, 2):
        await socket.disconnect()
    (again,) = await open_sockets(conference, 1)

    await announce(conference, "Mời các đại biểu vào hội trường")
    update = await receive(again)
    await again.disconnect()

    assert update["announcement"] == "Mời các đại biểu vào hội trường"


class Screen:
    """Stands in for a consumer: records what the hub hands it."""

    def __init__(self):
        self.heard = []

    async def agenda_snapshot(self, message):
        self.heard.append(message["text"])


async def test_subscription_outlives_the_layers_group_expiry():
    from channels.layers import InMemoryChannelLayer

    from core.fanout import Hub

    layer = InMemoryChannelLayer(group_expiry=2)
    hub_ = Hub(layer)
    screen = Screen()
    await hub_.join("conference-1-agenda", screen)

    await asyncio.sleep(3.2)  # longer than the expiry
    layer._clean_expired()
    await layer.group_send("conference-1-agenda", {"type": "agenda.snapshot", "text": "v7"})
    for _ in range(50):
        if screen.heard:
            break
        await asyncio.sleep(0.02)
    await hub_.leave("conference-1-agenda", screen)

    assert screen.heard == ["v7"]


class StuckPhone(Screen):
    """A socket whose client stopped reading: its sends never finish."""

    closed_with = None

    async def agenda_snapshot(self, message):
        self.heard.append(message["text"])
        await asyncio.Event().wait()

    async def close(self, code=None):
        self.closed_with = code


async def test_a_phone_that_stopped_reading_does_not_hold_up_the_room_and_is_closed():
    from channels.layers import InMemoryChannelLayer

    from core.fanout import CLOSE_LAGGING, OUTBOX, Hub

    layer = InMemoryChannelLayer()
    hub_ = Hub(layer)
    stuck, screen = StuckPhone(), Screen()
    await hub_.join("conference-1-agenda", stuck)
    await hub_.join("conference-1-agenda", screen)

    versions = [f"v{n}" for n in range(OUTBOX + 5)]
    for text in versions:
        await layer.group_send("conference-1-agenda", {"type": "agenda.snapshot", "text": text})
    for _ in range(100):
        if len(screen.heard) == len(versions):
            break
        await asyncio.sleep(0.02)
    await hub_.leave("conference-1-agenda", stuck)
    await hub_.leave("conference-1-agenda", screen)

    assert screen.heard == versions
    assert stuck.heard == ["v0"]
    assert stuck.closed_with == CLOSE_LAGGING  # its page reconnects and resynchronises
