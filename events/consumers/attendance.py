"""Relays arrivals to attendance boards. Access is decided by the same
predicates as the page; a liaison's socket only relays their unit."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.fanout import GroupMember
from core.realtime import conference_group
from core.staff_watch import StaffWatch
from events import permissions, selectors


@database_sync_to_async
def _access(user, slug: str) -> tuple[int, int | None] | None:
    conference = selectors.conference_get(slug=slug)
    if conference is None or not permissions.can_view_attendance(user, conference):
        return None
    unit = permissions.attendance_unit_for(user, conference)
    return conference.pk, unit.pk if unit else None


class AttendanceConsumer(StaffWatch, GroupMember, AsyncJsonWebsocketConsumer):
    conference_id = None

    async def connect(self):
        access = await _access(self.scope["user"], self.scope["url_route"]["kwargs"]["slug"])
        if access is None:
            await self.close(code=4403)
            return
        conference_id, self.unit_id = access
        self.conference_id = conference_id
        await self.accept()
        await self.group_join(conference_group(conference_id, "attendance"))
        await self.staff_watch(conference_id)

    async def disconnect(self, code):
        await self.staff_unwatch()
        await self.group_leave()

    def still_allowed(self, user) -> bool:
        conference = selectors.conference_get(slug=self.scope["url_route"]["kwargs"]["slug"])
        return conference is not None and permissions.can_view_attendance(user, conference)

    async def attendance_update(self, message):
        arrival = message["arrival"]
        if self.unit_id is not None and arrival["unit_id"] != self.unit_id:
            return
        await self.send_json({"event": message["event"], "arrival": arrival})
