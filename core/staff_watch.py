"""Closing the sockets of a person whose staff role was taken away.

Each socket of a logged-in user also joins ``realtime.staff_group`` of its
conference, through the channel layer as Channels has it (one membership per
socket: these messages are rare, unlike the fanned-out live updates of
``core.fanout``). ``staff_remove`` sends ``staff.removed`` there once its
transaction commits; the socket asks its access predicate again, with the
user read afresh, and closes with 4403 when the access is gone.
"""

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model

from core import realtime

CLOSE_FORBIDDEN = 4403


@database_sync_to_async
def _fresh_user(user_id: int):
    """The user as stored now: cached roles on the socket's user are stale."""
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


class StaffWatch:
    """Consumer mixin. Call ``staff_watch`` after accept(), ``staff_unwatch``
    in disconnect(), and override ``still_allowed``."""

    staff_watch_group: str | None = None

    async def staff_watch(self, conference_id: int) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return
        self.staff_watch_user_id = user.pk
        self.staff_watch_group = realtime.staff_group(conference_id, user.pk)
        await self.channel_layer.group_add(self.staff_watch_group, self.channel_name)

    async def staff_unwatch(self) -> None:
        if self.staff_watch_group is not None:
            await self.channel_layer.group_discard(self.staff_watch_group, self.channel_name)
            self.staff_watch_group = None

    async def staff_removed(self, message) -> None:
        user = await _fresh_user(self.staff_watch_user_id)
        if user is None or not await database_sync_to_async(self.still_allowed)(user):
            await self.staff_unwatch()
            await self.close(code=CLOSE_FORBIDDEN)

    def still_allowed(self, user) -> bool:
        """Whether ``user`` may still hold this socket (runs in a thread)."""
        raise NotImplementedError
