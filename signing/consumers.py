"""The live signature grid: relays committed changes to projector, console and kiosk."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from events import selectors as event_selectors
from events.consumers.staff import StaffWatch
from events.fanout import GroupMember
from signing import selectors
from signing.permissions import can_watch_ceremony
from signing.services.live import ceremony_group, grid_payload


@database_sync_to_async
def _access(user, slug: str):
    """The conference if the user may watch its ceremony and there is one."""
    conference = event_selectors.conference_get(slug=slug)
    if conference is None or not can_watch_ceremony(user, conference):
        return None
    if selectors.ceremony_for_conference(conference=conference) is None:
        return None
    return conference


@database_sync_to_async
def _payload(conference) -> dict:
    return grid_payload(selectors.ceremony_for_conference(conference=conference))


class SigningGridConsumer(StaffWatch, GroupMember, AsyncJsonWebsocketConsumer):
    waiting = False  # True until the first grid is out
    held = None  # the newest update relayed meanwhile
    conference = None

    async def connect(self):
        conference = await _access(self.scope["user"], self.scope["url_route"]["kwargs"]["slug"])
        if conference is None:
            await self.close(code=4403)
            return
        self.conference = conference
        await self.accept()
        await self.staff_watch(conference.pk)
        # Subscribed before the grid is read, so no signature falls between;
        # updates relayed meanwhile wait until the first grid is out, so the
        # last grid a screen gets is always the newest.
        self.waiting = True
        await self.group_join(ceremony_group(conference.pk))
        await self.send_json(await _payload(conference))
        self.waiting = False
        if self.held is not None:
            await self.send_json(self.held)

    async def disconnect(self, code):
        await self.staff_unwatch()
        await self.group_leave()

    def still_allowed(self, user) -> bool:
        return can_watch_ceremony(user, self.conference)

    async def receive_json(self, content, **kwargs):
        """Screens only listen."""

    async def grid_update(self, event):
        if self.waiting:
            self.held = event["payload"]
            return
        await self.send_json(event["payload"])
