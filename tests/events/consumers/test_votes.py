"""The vote-progress socket: counts while open, never a partial result;
the result once closed; nothing for a visitor of a private conference."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from events.models import Decision, StaffRole
from events.services.decisions import ballot_cast_open, poll_close, poll_create, poll_open
from tests.events.decisions_world import check_in
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _session_cookie(user) -> bytes:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connect(user, slug):
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(_session_cookie)(user)))
    communicator = WebsocketCommunicator(application, f"/ws/c/{slug}/votes/", headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@database_sync_to_async
def _setup():
    conference = ConferenceFactory()
    heads = []
    for unit in conference.term.members.all():
        head = RegistrationFactory(
            conference=conference, unit=unit, role_code="director", full_name=f"Lê Văn {unit.pk}"
        )
        check_in(head)
        heads.append(head)
    chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
    decision = Decision.objects.create(
        conference=conference, kind="adopt", title="Thông qua Quy chế hoạt động của Cụm"
    )
    poll = poll_open(poll=poll_create(decision=decision))
    return conference, chair, heads, poll


@database_sync_to_async
def _vote(poll, head, yes=True):
    line = poll.candidates.get()
    return ballot_cast_open(poll=poll, registration=head, choices={str(line.pk): yes})


async def test_the_projector_sees_progress_then_the_result():
    conference, chair, heads, poll = await _setup()
    communicator, connected, _code = await _connect(chair, conference.slug)
    try:
        assert connected
        snapshot = await communicator.receive_json_from(timeout=5)
        assert snapshot["event"] == "snapshot"
        (item,) = snapshot["polls"]
        assert (item["voted"], item["entitled"], item["status"]) == (0, 3, "open")
        assert "result" not in item  # nothing of the count while open
        assert item["rule"] == "đạt khi quá 1/2 số phiếu thu vào"
        await _vote(poll, heads[0])
        progress = await communicator.receive_json_from(timeout=5)
        assert progress == {
            "event": "progress",
            "progress": {
                "poll": poll.pk,
                "status": "open",
                "voted": 1,
                "entitled": 3,
                "small": False,
            },
        }
        await _vote(poll, heads[1], yes=False)
        await communicator.receive_json_from(timeout=5)
        await database_sync_to_async(poll_close)(poll=poll)
        closed = await communicator.receive_json_from(timeout=5)
        (item,) = closed["polls"]
        assert item["status"] == "closed"
        assert item["totals"] == {"entitled": 3, "collected": 2, "valid": 2}
        line = item["result"]["lines"][0]
        assert (line["votes"], line["percent"], line["outcome"]) == (1, "50.00", "failed")
    finally:
        await communicator.disconnect()


async def test_a_visitor_of_a_private_conference_is_refused():
    conference, _chair, _heads, _poll = await _setup()
    communicator, connected, code = await _connect(None, conference.slug)
    assert (connected, code) == (False, 4403)
    await communicator.disconnect()


async def _drain_until(communicator, voted: int) -> list[dict]:
    """The progress messages received until one says ``voted``."""
    seen = []
    while not seen or seen[-1]["voted"] < voted:
        message = await communicator.receive_json_from(timeout=5)
        assert message["event"] == "progress"
        seen.append(message["progress"])
    return seen


async def test_ballots_cast_together_end_on_the_full_count():
    conference, chair, heads, poll = await _setup()
    communicator, connected, _code = await _connect(chair, conference.slug)
    try:
        assert connected
        await communicator.receive_json_from(timeout=5)  # the snapshot
        for head in heads:  # three ballots in quick succession
            await _vote(poll, head)
        seen = await _drain_until(communicator, 3)
        # The counts only go up, the last one is the full count, and a burst
        # may come as fewer messages than ballots (never as more).
        assert [p["voted"] for p in seen] == sorted({p["voted"] for p in seen})
        assert seen[-1] == {**seen[-1], "voted": 3, "entitled": 3, "status": "open"}
        assert len(seen) <= 3
        assert await communicator.receive_nothing(timeout=0.3)
    finally:
        await communicator.disconnect()


async def test_a_count_overtaken_by_a_newer_one_is_not_shown():
    from channels.layers import get_channel_layer

    from core.realtime import conference_group

    conference, chair, heads, poll = await _setup()
    communicator, connected, _code = await _connect(chair, conference.slug)
    try:
        assert connected
        await communicator.receive_json_from(timeout=5)
        await _vote(poll, heads[0])
        await _vote(poll, heads[1])
        await _drain_until(communicator, 2)
        # A count read by the other server process before the second ballot,
        # delivered late: the projector keeps 2/3.
        late = {"poll": poll.pk, "status": "open", "voted": 1, "entitled": 3, "small": False}
        await get_channel_layer().group_send(
            conference_group(conference.pk, "votes"), {"type": "poll.progress", "progress": late}
        )
        assert await communicator.receive_nothing(timeout=0.3)
        await _vote(poll, heads[2])
        (last,) = await _drain_until(communicator, 3)
        assert last["voted"] == 3
    finally:
        await communicator.disconnect()


async def test_every_socket_gets_the_result_at_the_close():
    conference, chair, heads, poll = await _setup()
    sockets = [await _connect(chair, conference.slug) for _ in range(3)]
    try:
        for communicator, connected, _code in sockets:
            assert connected
            await communicator.receive_json_from(timeout=5)
        await _vote(poll, heads[0])
        for communicator, _connected, _code in sockets:
            await _drain_until(communicator, 1)
        await database_sync_to_async(poll_close)(poll=poll)
        for communicator, _connected, _code in sockets:
            closed = await communicator.receive_json_from(timeout=5)
            (item,) = closed["polls"]
            assert item["status"] == "closed"
            assert item["result"]["lines"][0]["votes"] == 1
            assert await communicator.receive_nothing(timeout=0.2)  # once, not twice
    finally:
        for communicator, _connected, _code in sockets:
            await communicator.disconnect()
