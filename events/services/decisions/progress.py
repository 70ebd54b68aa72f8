"""The "5/7 đã bỏ phiếu" of a poll on its sockets: how many have voted,
never how.

Counts are read after the change is committed, so the last ballot's
broadcast always includes every ballot before it (read inside the
transaction, two ballots committing together could both say 4/7, and the
room would wait on 4/7 until the next ballot).

While ballots pour in, each server process sends a poll's count at most
every ``INTERVAL`` seconds: the first ballot after a quiet spell is sent at
once; the ballots after it within the interval are sent together when it
ends, read afresh then (so a phone sees a ballot within ``INTERVAL`` plus
the delivery). With 1,000 phones on the socket, one broadcast per
ballot is a million socket writes for 1,000 ballots (bench/vote_load.py).
Opening, widening and closing a poll are sent at once, never held back.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time

from asgiref.sync import SyncToAsync, sync_to_async
from django.db import connections, transaction
from django.db.models import Count, Q

from core.realtime import broadcast_on_commit, conference_group
from events.models.decisions import SMALL_ELECTORATE, Poll

logger = logging.getLogger(__name__)
VOTES_TOPIC = "votes"
# Seconds between two counts of one poll from one process. Ballots a third of
# a second apart are each sent at once; a burst costs at most 8 broadcasts a
# second for two processes, each a write to every phone (bench/vote_load.py).
INTERVAL = 0.25


def _read(poll_id: int) -> dict | None:
    """The poll's counts as committed now (one query); None if it is gone."""
    row = (
        Poll.objects.filter(pk=poll_id)
        .annotate(
            n_voters=Count("voters"),
            n_voted=Count("voters", filter=Q(voters__voted=True)),
        )
        .values("status", "secret", "n_voters", "n_voted")
        .first()
    )
    if row is None:
        return None
    return {
        "poll": poll_id,
        "status": row["status"],
        "voted": row["n_voted"],
        "entitled": row["n_voters"],
        "small": row["secret"] and 0 < row["n_voters"] < SMALL_ELECTORATE,
    }


def _send(poll_id: int, conference_id: int) -> None:
    progress = _read(poll_id)
    if progress is not None:
        broadcast_on_commit(
            conference_group(conference_id, VOTES_TOPIC),
            {"type": "poll.progress", "progress": progress},
        )


def broadcast_progress(poll: Poll) -> None:
    """Once the transaction commits, send the poll's counts (at once)."""
    poll_id, conference_id = poll.pk, poll.decision.conference_id
    transaction.on_commit(lambda: _send(poll_id, conference_id))


def _server_loop():
    """The event loop whose ``sync_to_async`` thread this is (a request of
    the ASGI server, a consumer's database call), or None (a script)."""
    local = SyncToAsync.threadlocal
    loop = getattr(local, "main_event_loop", None)
    if loop is None or getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop if loop.is_running() else None


class _Coalescer:
    """Per process: at most one count of a poll every ``INTERVAL``; a change
    inside the interval is sent when it ends, from the server's event loop
    (which the in-memory channel layer needs). Without a server (a script,
    a test calling services) every change is sent at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.last: dict[int, float] = {}  # poll id -> when its count was last read
        self.pending: set[int] = set()  # polls with a send scheduled

    def changed(self, poll_id: int, conference_id: int) -> None:
        loop = _server_loop()
        if loop is None:
            _send(poll_id, conference_id)
            return
        with self.lock:
            if poll_id in self.pending:
                return  # the scheduled send reads the counts after this commit
            self.pending.add(poll_id)
            wait = max(0.0, self.last.get(poll_id, 0.0) + INTERVAL - time.monotonic())
        # Even at once, the count is read and sent beside the request, which
        # answers the phone without waiting for it.
        loop.call_soon_threadsafe(loop.call_later, wait, self._flush, poll_id, conference_id)

    def _flush(self, poll_id: int, conference_id: int) -> None:
        """On the event loop: read and send in a worker thread."""
        with self.lock:
            self.pending.discard(poll_id)
            self.last[poll_id] = time.monotonic()
        task = asyncio.ensure_future(_send_later(poll_id, conference_id))
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)


_tasks: set[asyncio.Task] = set()  # keeps the scheduled sends from being collected


def _send_and_close(poll_id: int, conference_id: int) -> None:
    try:
        _send(poll_id, conference_id)
    finally:
        connections.close_all()  # this worker thread's: nothing left open behind


async def _send_later(poll_id: int, conference_id: int) -> None:
    try:
        await sync_to_async(_send_and_close, thread_sensitive=False)(poll_id, conference_id)
    except Exception:
        logger.exception("could not send the progress of poll %s", poll_id)


_coalescer = _Coalescer()


def progress_changed(poll: Poll) -> None:
    """A ballot was cast: once committed, its count goes out within
    ``INTERVAL``, together with the others of that moment."""
    poll_id, conference_id = poll.pk, poll.decision.conference_id
    transaction.on_commit(lambda: _coalescer.changed(poll_id, conference_id))


__all__ = ["INTERVAL", "VOTES_TOPIC", "broadcast_progress", "progress_changed"]
