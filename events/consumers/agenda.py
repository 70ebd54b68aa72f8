"""The live agenda socket. Read-only: it relays snapshots and answers resync
requests; changes go through authenticated HTTP (events.views.agenda)."""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from core import realtime
from core.fanout import GroupMember
from core.staff_watch import StaffWatch
from events import permissions, selectors
from events.selectors.agenda import agenda_snapshot_json, agenda_version
from events.services.agenda import AGENDA_TOPIC

CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403
MAX_MESSAGE = 512


@database_sync_to_async
def _load(slug: str, user):
    conference = selectors.conference_get(slug=slug)
    if conference is None:
        return None, CLOSE_NOT_FOUND
    if not permissions.can_view_agenda(user, conference):
        return None, CLOSE_FORBIDDEN
    return conference, None


class AgendaConsumer(StaffWatch, GroupMember, AsyncWebsocketConsumer):
    conference = None

    async def connect(self):
        conference, refusal = await _load(
            self.scope["url_route"]["kwargs"]["slug"], self.scope["user"]
        )
        if conference is None:
            await self.close(code=refusal)
            return
        self.conference = conference
        await self.accept()
        # Subscribed before the snapshot is read: no change can fall between.
        await self.group_join(realtime.conference_group(conference.pk, AGENDA_TOPIC))
        await self.staff_watch(conference.pk)
        await self._send_snapshot()

    async def disconnect(self, code):
        await self.staff_unwatch()
        await self.group_leave()

    def still_allowed(self, user) -> bool:
        return permissions.can_view_agenda(user, self.conference)

    async def receive(self, text_data=None, bytes_data=None):
        message = _parse(text_data)
        if message is None:
            await self._error("malformed", _("Malformed message."))
        elif message["type"] == "ping":
            await self.send(text_data='{"type":"pong"}')
        elif message["type"] == "sync":
            known = message.get("version")
            if not isinstance(known, int) or known < await _version(self.conference):
                await self._send_snapshot()
            else:
                await self.send(text_data=json.dumps({"type": "in_sync", "version": known}))
        else:
            await self._error(
                "read_only", _("This connection only receives updates; use the chair console.")
            )

    async def agenda_snapshot(self, event):
        """Relayed by the process hub (core.fanout): the snapshot, serialized
        once per change by the service layer."""
        await self.send(text_data=event["text"])

    async def _send_snapshot(self):
        await self.send(
            text_data=await database_sync_to_async(agenda_snapshot_json)(conference=self.conference)
        )

    async def _error(self, code: str, message: str):
        await self.send(text_data=json.dumps({"type": "error", "code": code, "message": message}))


@database_sync_to_async
def _version(conference) -> int:
    return agenda_version(conference=conference)


def _parse(text: str | None) -> dict | None:
    if not text or len(text) > MAX_MESSAGE:
        return None
    try:
        message = json.loads(text)
    except ValueError:
        return None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return None
    return message
