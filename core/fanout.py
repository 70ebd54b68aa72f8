"""One channel-layer subscription per group and process, not one per socket.

With Channels as it comes, a broadcast to a group reaches every socket
through the channel layer: with 1,000 phones on one agenda that is 1,000
queue entries (1,000 Redis messages with channels-redis), 1,000 wake-ups of
consumer loops and 1,000 ``close_old_connections`` thread hops in
``AsyncConsumer.dispatch`` — several hundred milliseconds per change
(``bench/agenda_fanout.py``).

Here each process subscribes once per group, on its own channel, and hands
every group message to the sockets it holds: each socket has a small outbox
and a task that calls its handler directly. Handlers that receive relayed
messages must not touch the database (ours only forward text).

A phone that stops reading (asleep, out of coverage) must not hold up the
room: uvicorn's ``send`` waits while a socket's write buffer is full, so
sending in turn would stall every socket behind it. Through the outboxes it
only stalls its own. When its outbox is full the socket is closed: its
page reconnects and starts again from a fresh snapshot, which is better than
silently missing messages. A send that fails is logged and skipped; a
channel-layer error (Redis restarting) is logged, the subscription is taken
up again once the layer answers, and the group's sockets are closed so that
their pages resynchronise.

Consumers use ``GroupMember``::

    await self.group_join(group)      # after accept(): delivery starts now
    ...
    await self.group_leave()          # in disconnect()
"""

from __future__ import annotations

import asyncio
import logging
import weakref

from channels.consumer import get_handler_name
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)
OUTBOX = 16  # messages a socket may fall behind by before it is closed
RETRY_SECONDS = 1.0
CLOSE_LAGGING = 4408  # the page reconnects and resynchronises
CLOSE_RESYNC = 4409  # the same, after the channel layer came back (messages may be lost)


class _Outbox:
    """One socket's queue of messages and the task that delivers them."""

    def __init__(self, member, group_name: str):
        self.member = weakref.ref(member)
        self.group_name = group_name
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=OUTBOX)
        self.task = asyncio.create_task(self._deliver())
        weakref.finalize(member, self.task.cancel)  # the socket's consumer is gone

    def put(self, message: dict) -> None:
        if self.task.done():
            return
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            logger.info("closing a socket of %s that stopped reading", self.group_name)
            self.close(CLOSE_LAGGING)

    def close(self, code: int) -> None:
        """Stop delivering and close the socket: its page reconnects."""
        self.task.cancel()
        member = self.member()
        if member is not None:
            task = asyncio.create_task(member.close(code=code))
            task.add_done_callback(_ignore_result)

    async def _deliver(self) -> None:
        while True:
            message = await self.queue.get()
            member = self.member()
            if member is None:
                return
            try:
                handler = getattr(member, get_handler_name(message), None)
                del member
                if handler is not None:
                    await handler(message)
            except OSError:  # the socket went away meanwhile
                logger.debug("fan-out to a closed socket of %s", self.group_name)
            except Exception:
                logger.exception("fan-out to one socket of %s failed", self.group_name)


def _ignore_result(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.debug("closing a lagging socket failed: %r", task.exception())


class _Group:
    def __init__(self, name: str):
        self.name = name
        # Weak keys: a consumer that ended without leaving (it crashed, say)
        # drops out by itself, and its outbox task with it.
        self.members: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.channel: str | None = None
        self.ready: asyncio.Future = asyncio.get_running_loop().create_future()
        self.tasks: list[asyncio.Task] = []


class Hub:
    """The groups of one event loop (a server process has one)."""

    def __init__(self, layer):
        self.layer = layer
        self.groups: dict[str, _Group] = {}

    async def join(self, name: str, member) -> None:
        group = self.groups.get(name)
        if group is None:
            group = self.groups[name] = _Group(name)
            try:
                # The default prefix: channels-redis reads all of a process's
                # channels from one Redis list named by it.
                group.channel = await self.layer.new_channel()
                await self.layer.group_add(name, group.channel)
            except BaseException as error:
                self.groups.pop(name, None)
                group.ready.set_exception(error)
                group.ready.exception()  # retrieved: no "never retrieved" log
                raise
            group.tasks = [
                asyncio.create_task(self._relay(group), name=f"fanout {name}"),
                asyncio.create_task(self._renew(group), name=f"fanout renew {name}"),
            ]
            group.ready.set_result(None)
        else:
            await asyncio.shield(group.ready)
        if member not in group.members:
            group.members[member] = _Outbox(member, name)

    async def leave(self, name: str, member) -> None:
        group = self.groups.get(name)
        if group is None:
            return
        outbox = group.members.pop(member, None)
        if outbox is not None:
            outbox.task.cancel()
        if group.members or not group.ready.done():
            return
        del self.groups[name]
        for task in group.tasks:
            task.cancel()
        await self.layer.group_discard(name, group.channel)

    async def _renew(self, group: _Group) -> None:
        """Group memberships expire (after a day by default): a projector left
        on overnight must still hear the next morning's changes."""
        every = max(0.5, getattr(self.layer, "group_expiry", 86400) / 4)
        interval = every
        while True:
            await asyncio.sleep(interval)
            try:
                await self.layer.group_add(group.name, group.channel)
                interval = every
            except Exception:
                logger.exception("could not renew the subscription to %s", group.name)
                interval = min(every, RETRY_SECONDS * 10)

    async def _relay(self, group: _Group) -> None:
        while True:
            try:
                message = await self.layer.receive(group.channel)
            except Exception:
                # Redis restarting, say: wait, subscribe again, go on.
                logger.exception("fan-out of %s lost its channel layer; retrying", group.name)
                await self._resubscribe(group)
                continue
            for outbox in tuple(group.members.values()):
                outbox.put(message)

    async def _resubscribe(self, group: _Group) -> None:
        """Subscribe again until the layer takes it, then have every socket
        resynchronise.

        A Redis that restarted empty has forgotten the group: one failed
        attempt followed by a receive that works again would leave this
        process deaf to the group for good (tests/faults/test_redis_restart.py).
        Changes broadcast while we were away are lost to our sockets, so
        each is closed with CLOSE_RESYNC: its page reconnects and reads a
        fresh snapshot."""
        while True:
            await asyncio.sleep(RETRY_SECONDS)
            try:
                await self.layer.group_add(group.name, group.channel)
                break
            except Exception:
                logger.warning("fan-out of %s: channel layer still unavailable", group.name)
        for outbox in tuple(group.members.values()):
            outbox.close(CLOSE_RESYNC)


_hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """This event loop's hub (tests run one loop per test)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub(get_channel_layer())
    return found


class GroupMember:
    """Consumer mixin: receive a group's messages through the process hub."""

    fanout_group: str | None = None

    async def group_join(self, group: str) -> None:
        await hub().join(group, self)
        self.fanout_group = group

    async def group_leave(self) -> None:
        if self.fanout_group is not None:
            await hub().leave(self.fanout_group, self)
            self.fanout_group = None
