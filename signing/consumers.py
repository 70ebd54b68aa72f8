"""The live signature grid: relays committed changes to projector, console and kiosk."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from events import selectors as event_selectors
from signing import selectors
from signing.permissions import can_watch_ceremony
from signing.services.live import ceremony_group, grid_payload


@database_sync_to_async
def _initial(user, slug: str):
    """(group, payload) if the user may watch this conference's ceremony."""
    conference = event_selectors.conference_get(slug=slug)
    if conference is None or not can_watch_ceremony(user, conference):
        return None
    ceremony = selectors.ceremony_for_conference(conference=conference)
    if ceremony is None:
        return None
    return ceremony_group(conference.pk), grid_payload(ceremony)


class SigningGridConsumer(AsyncJsonWebsocketConsumer):
    group = None

    async def connect(self):
        found = await _initial(self.scope["user"], self.scope["url_route"]["kwargs"]["slug"])
        if found is None:
            await self.close(code=4403)
            return
        self.group, payload = found
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(payload)

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Screens only listen."""

    async def grid_update(self, event):
        await self.send_json(event["payload"])
