"""The one place that names channel-layer groups and sends to them.

Services call ``broadcast_on_commit`` so that sockets only ever hear about
committed changes; consumers join groups named by ``conference_group``.
"""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)
SEND_ATTEMPTS = 3


def conference_group(conference_id: int, topic: str) -> str:
    """E.g. ``conference-12-agenda``. Groups never mix conferences."""
    return f"conference-{conference_id}-{topic}"


def _in_running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def broadcast_on_commit(group: str, message: dict) -> None:
    """Send ``message`` (with a ``type`` naming the consumer handler) to
    ``group`` once the current transaction commits; at once outside one."""

    def send_once():
        group_send = async_to_sync(get_channel_layer().group_send)
        if _in_running_loop():
            # A sync caller inside an event loop's thread (a management
            # command run from Playwright's sync API in tests): async_to_sync
            # refuses to run here, so send from a short-lived worker thread.
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(group_send, group, message).result()
        else:
            group_send(group, message)

    def send():
        # The change is committed: a channel-layer error must not turn the
        # answer into a 500. After Redis restarted, the pool still holds
        # connections it closed; each failed try drops one, so try again
        # (tests/faults/test_redis_restart.py).
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                send_once()
                return
            except Exception:
                if attempt == SEND_ATTEMPTS:
                    logger.exception("could not broadcast to %s", group)
                else:
                    logger.warning("broadcast to %s failed; trying again", group)

    transaction.on_commit(send)


def staff_group(conference_id: int, user_id: int) -> str:
    """E.g. ``conference-12-staff-7``: every socket of user 7 in conference 12,
    told when their staff role there is taken away."""
    return conference_group(conference_id, f"staff-{user_id}")
