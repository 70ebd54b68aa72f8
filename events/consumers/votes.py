"""The vote-progress socket of the projector, the console and the phones:
"5/7 đơn vị đã bỏ phiếu" while a poll is open, the result once it closes.
Read-only; ballots go through authenticated HTTP."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.fanout import GroupMember
from core.realtime import conference_group
from core.staff_watch import StaffWatch
from events import permissions, selectors
from events.selectors.decisions import polls_snapshot
from events.services.decisions.polls import VOTES_TOPIC


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
        await self.send_json({"event": "snapshot", "polls": polls})

    async def poll_progress(self, message):
        progress = message["progress"]
        if progress["status"] == "closed":
            # The result is read from the database, not carried in messages.
            await self._snapshot()
        else:
            await self.send_json({"event": "progress", "progress": progress})
