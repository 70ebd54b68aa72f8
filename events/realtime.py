"""The one place that names channel-layer groups and sends to them.

Services call ``broadcast_on_commit`` so that sockets only ever hear about
committed changes; consumers join groups named by ``conference_group``.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def conference_group(conference_id: int, topic: str) -> str:
    """E.g. ``conference-12-agenda``. Groups never mix conferences."""
    return f"conference-{conference_id}-{topic}"


def broadcast_on_commit(group: str, message: dict) -> None:
    """Send ``message`` (with a ``type`` naming the consumer handler) to
    ``group`` once the current transaction commits; at once outside one."""

    def send():
        async_to_sync(get_channel_layer().group_send)(group, message)

    transaction.on_commit(send)
