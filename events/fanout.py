"""One channel-layer subscription per group and process, not one per socket.

With Channels as it comes, a broadcast to a group reaches every socket
through the channel layer: with 1,000 phones on one agenda that is 1,000
queue entries (1,000 Redis messages with channels-redis), 1,000 wake-ups of
consumer loops and 1,000 ``close_old_connections`` thread hops in
``AsyncConsumer.dispatch`` — several hundred milliseconds per change
(``bench/agenda_fanout.py``).

Here each process subscribes once per group, on its own channel, and relays
every group message to the sockets it holds by calling their handler
directly. Handlers that receive relayed messages must not touch the database
(ours only forward text). A slow or closed socket cannot hold up the others:
a send that fails is logged and skipped.

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


class _Group:
    def __init__(self, name: str):
        self.name = name
        # Weak: a consumer that ended without leaving (it crashed, say)
        # drops out by itself.
        self.members: weakref.WeakSet = weakref.WeakSet()
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
        group.members.add(member)

    async def leave(self, name: str, member) -> None:
        group = self.groups.get(name)
        if group is None:
            return
        group.members.discard(member)
        if group.members or not group.ready.done():
            return
        del self.groups[name]
        for task in group.tasks:
            task.cancel()
        await self.layer.group_discard(name, group.channel)

    async def _renew(self, group: _Group) -> None:
        """Group memberships expire (after a day by default): a projector left
        on overnight must still hear the next morning's changes."""
        interval = max(0.5, getattr(self.layer, "group_expiry", 86400) / 4)
        while True:
            await asyncio.sleep(interval)
            await self.layer.group_add(group.name, group.channel)

    async def _relay(self, group: _Group) -> None:
        while True:
            message = await self.layer.receive(group.channel)
            handler_name = get_handler_name(message)
            for member in tuple(group.members):
                handler = getattr(member, handler_name, None)
                if handler is None:
                    continue
                try:
                    await handler(message)
                except Exception:  # a socket going away must not stop the others
                    logger.debug("fan-out to one socket of %s failed", group.name, exc_info=True)


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
