"""The one place that names channel-layer groups and sends to them.

Services call ``broadcast_on_commit`` so that sockets only ever hear about
committed changes; consumers join groups named by ``conference_group``.
"""

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)
SEND_ATTEMPTS = 3
_batch = threading.local()


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
    ``group`` once the current transaction commits; at once outside one
    (or, inside ``broadcasts_batched``, at its end)."""
    pending = getattr(_batch, "items", None)
    if pending is not None and not transaction.get_connection().in_atomic_block:
        pending.append((group, message))
        return
    transaction.on_commit(lambda: _send([(group, message)]))


@contextmanager
def broadcasts_batched():
    """Broadcasts made outside a transaction in this block are sent together
    when it ends, in one run of the event loop: a sync of a thousand offline
    scans would otherwise start a thousand (``async_to_sync``) round trips."""
    if getattr(_batch, "items", None) is not None:
        yield
        return
    _batch.items = []
    try:
        yield
    finally:
        items, _batch.items = _batch.items, None
        if items:
            _send(items)


def _send(items: list[tuple[str, dict]]) -> None:
    sent = 0  # a retry resumes after the last message sent (none twice)

    async def send_all():
        nonlocal sent
        layer = get_channel_layer()
        for group, message in items[sent:]:
            await layer.group_send(group, message)
            sent += 1

    def send_once():
        run = async_to_sync(send_all)
        if _in_running_loop():
            # A sync caller inside an event loop's thread (a management
            # command run from Playwright's sync API in tests): async_to_sync
            # refuses to run here, so send from a short-lived worker thread.
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(run).result()
        else:
            run()

    # The change is committed: a channel-layer error must not turn the
    # answer into a 500. After Redis restarted, the pool still holds
    # connections it closed; each failed try drops one, so try again
    # (tests/faults/test_redis_restart.py).
    groups = ", ".join(sorted({group for group, _message in items}))
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            send_once()
            return
        except Exception:
            if attempt == SEND_ATTEMPTS:
                logger.exception("could not broadcast to %s", groups)
            else:
                logger.warning("broadcast to %s failed; trying again", groups)


def staff_group(conference_id: int, user_id: int) -> str:
    """E.g. ``conference-12-staff-7``: every socket of user 7 in conference 12,
    told when their staff role there is taken away."""
    return conference_group(conference_id, f"staff-{user_id}")
