import asyncio

import pytest

from config.channel_layers import InMemoryChannelLayer

pytestmark = pytest.mark.asyncio


async def test_group_message_reaches_every_member():
    layer = InMemoryChannelLayer()
    first, second = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("conference-1-agenda", first)
    await layer.group_add("conference-1-agenda", second)
    await layer.group_send("conference-1-agenda", {"type": "agenda.snapshot", "version": 4})
    received = [await layer.receive(first), await layer.receive(second)]
    assert received == [{"type": "agenda.snapshot", "version": 4}] * 2


async def test_expired_message_still_drops_its_channel_from_groups():
    layer = InMemoryChannelLayer(expiry=0)
    stale = await layer.new_channel()
    await layer.group_add("conference-1-agenda", stale)
    await layer.send(stale, {"type": "agenda.snapshot", "version": 1})
    await asyncio.sleep(0.01)
    layer._clean_expired()
    assert stale not in layer.groups.get("conference-1-agenda", {})


async def test_scan_runs_at_most_once_per_interval():
    layer = InMemoryChannelLayer(expiry=0)
    layer._clean_expired()  # the first scan of this interval
    stale = await layer.new_channel()
    await layer.group_add("conference-1-agenda", stale)
    await layer.send(stale, {"type": "agenda.snapshot", "version": 1})
    await asyncio.sleep(0.01)
    layer._clean_expired()  # within the interval: skipped
    assert stale in layer.groups["conference-1-agenda"]
