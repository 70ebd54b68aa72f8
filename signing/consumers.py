"""The live signature grid: relays committed changes to projector, console and kiosk."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.fanout import GroupMember
from core.staff_watch import StaffWatch
from events import selectors as event_selectors
from signing import selectors
from signing.permissions import can_see_signatures, can_watch_ceremony
from signing.services.live import ceremony_group, grid_payload
from signing.signature_urls import with_image_urls


@database_sync_to_async
def _access(user, slug: str):
    """(conference, ceremony id, may see the signatures) if the user may
    watch the ceremony and there is one; None otherwise."""
    conference = event_selectors.conference_get(slug=slug)
    if conference is None or not can_watch_ceremony(user, conference):
        return None
    ceremony = selectors.ceremony_for_conference(conference=conference)
    if ceremony is None:
        return None
    return conference, ceremony.pk, can_see_signatures(user, conference)


@database_sync_to_async
def _payload(conference) -> dict:
    return grid_payload(selectors.ceremony_for_conference(conference=conference))


class SigningGridConsumer(StaffWatch, GroupMember, AsyncJsonWebsocketConsumer):
    waiting = False  # True until the first grid is out
    held = None  # the newest update relayed meanwhile
    conference = None
    images = False  # staff: signed cells carry a fresh short-lived image URL

    async def connect(self):
        access = await _access(self.scope["user"], self.scope["url_route"]["kwargs"]["slug"])
        if access is None:
            await self.close(code=4403)
            return
        conference, self.ceremony_id, self.images = access
        self.conference = conference
        self.slug = conference.slug
        await self.accept()
        await self.staff_watch(conference.pk)
        # Subscribed before the grid is read, so no signature falls between;
        # updates relayed meanwhile wait until the first grid is out, so the
        # last grid a screen gets is always the newest.
        self.waiting = True
        await self.group_join(ceremony_group(conference.pk))
        await self.send_json(self._view(await _payload(conference)))
        self.waiting = False
        if self.held is not None:
            await self.send_json(self._view(self.held))

    async def disconnect(self, code):
        await self.staff_unwatch()
        await self.group_leave()

    def still_allowed(self, user) -> bool:
        # A socket that was given signature images keeps them only while the
        # user may still see them (a removed chair of a public conference).
        if self.images and not can_see_signatures(user, self.conference):
            return False
        return can_watch_ceremony(user, self.conference)

    async def receive_json(self, content, **kwargs):
        """Screens only listen."""

    def _view(self, payload: dict) -> dict:
        if not self.images:
            return payload
        return with_image_urls(payload, slug=self.slug, ceremony_id=self.ceremony_id)

    async def grid_update(self, event):
        if self.waiting:
            self.held = event["payload"]
            return
        await self.send_json(self._view(event["payload"]))
