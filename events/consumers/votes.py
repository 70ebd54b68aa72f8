"""The vote-progress socket of the projector, the console and the phones:
"5/7 đơn vị đã bỏ phiếu" while a poll is open, the result once it closes.
Read-only; ballots go through authenticated HTTP.

Counts come from two server processes and may arrive out of order; while a
poll is open its count only grows, so a socket never shows a smaller one
than it has shown. At a close every socket shows the result read from the
database, read once per process (not once per socket: 1,000 phones would be
1,000 queries at the same instant, bench/vote_load.py)."""

import asyncio
import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.fanout import GroupMember
from core.realtime import conference_group
from core.staff_watch import StaffWatch
from events import permissions, selectors
from events.selectors.decisions import polls_snapshot
from events.services.decisions.progress import VOTES_TOPIC

RESULT_SECONDS = 10  # how long one process keeps a close's snapshot for its sockets
_results: dict[tuple[int, int], asyncio.Task] = {}


_progress_texts: dict[tuple, str] = {}


def _progress_text(progress: dict) -> str:
    """The socket message for ``progress``, encoded once per process and count
    (every socket of the room is sent the same text)."""
    key = tuple(sorted(progress.items()))
    text = _progress_texts.get(key)
    if text is None:
        if len(_progress_texts) > 256:
            _progress_texts.clear()
        text = _progress_texts[key] = json.dumps({"event": "progress", "progress": progress})
    return text


def _snapshot_text(polls: list[dict]) -> str:
    return json.dumps({"event": "snapshot", "polls": polls})


async def _result_text(conference, poll_id: int) -> str:
    """The snapshot after ``poll_id`` closed, read once in this process."""
    key = (conference.pk, poll_id)
    task = _results.get(key)
    if task is None or task.get_loop() is not asyncio.get_running_loop():

        async def read():
            return _snapshot_text(await database_sync_to_async(polls_snapshot)(conference))

        task = _results[key] = asyncio.ensure_future(read())
        asyncio.get_running_loop().call_later(RESULT_SECONDS, _results.pop, key, None)
    return await asyncio.shield(task)


@database_sync_to_async
def _load(user, slug: str):
    conference = selectors.conference_get(slug=slug)
    if conference is None:
        return None, 4404
    if not permissions.can_view_agenda(user, conference):
        return None, 4403
    return conference, None


class VotesConsumer(StaffWatch, GroupMember, AsyncJsonWebsocketConsumer):
    conference = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown: dict[int, tuple[int, int]] = {}  # poll id -> (voted, entitled) sent
        self.closed: set[int] = set()  # polls whose result this socket was sent

    async def connect(self):
        conference, refusal = await _load(
            self.scope["user"], self.scope["url_route"]["kwargs"]["slug"]
        )
        if conference is None:
            await self.close(code=refusal)
            return
        self.conference = conference
        await self.accept()
        await self.group_join(conference_group(conference.pk, VOTES_TOPIC))
        await self.staff_watch(conference.pk)
        await self._snapshot()

    async def disconnect(self, code):
        await self.staff_unwatch()
        await self.group_leave()

    def still_allowed(self, user) -> bool:
        return permissions.can_view_agenda(user, self.conference)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "resync":
            await self._snapshot()

    async def _snapshot(self):
        polls = await database_sync_to_async(polls_snapshot)(self.conference)
        self.shown = {p["poll"]: (p["voted"], p["entitled"]) for p in polls}
        self.closed = {p["poll"] for p in polls if p["status"] == "closed"}
        await self.send(text_data=_snapshot_text(polls))

    async def poll_progress(self, message):
        progress = message["progress"]
        poll_id = progress["poll"]
        if progress["status"] == "closed":
            # The result is read from the database, not carried in messages.
            if poll_id not in self.closed:
                self.closed.add(poll_id)
                await self.send(text_data=await _result_text(self.conference, poll_id))
            return
        voted, entitled = self.shown.get(poll_id, (0, 0))
        if progress["status"] == "open":
            voted, entitled = max(voted, progress["voted"]), max(entitled, progress["entitled"])
        else:
            voted, entitled = progress["voted"], progress["entitled"]
        if self.shown.get(poll_id) == (voted, entitled):
            return  # an older count, overtaken by one already shown
        self.shown[poll_id] = (voted, entitled)
        await self.send(
            text_data=_progress_text({**progress, "voted": voted, "entitled": entitled})
        )
