"""Django over ASGI with one thread hop per request.

Django's own ``ASGIHandler`` runs the middleware in async mode: every
``MiddlewareMixin`` middleware and every sync signal receiver is a separate
``sync_to_async`` hop, and each request gets a fresh thread (and so, on
SQLite, a fresh database connection). With our ten sync middleware that is
about twenty thread hops per request and costs more CPU than the view itself
(``bench/checkin_load.py``: 2.5 ms of server CPU for a trivial JSON view).

``ThreadedASGIHandler`` keeps Django's request parsing and response sending,
but runs the whole sync stack - ``request_started``, middleware, view,
``request_finished`` - in one call on a small pool of long-lived threads, as
a WSGI server would. Each pool thread keeps its database connection
(``CONN_MAX_AGE`` applies; PostgreSQL connections come from the pool).
Websockets are not affected: they go to Channels' consumers.

Like Django's handler, it listens for ``http.disconnect`` while the response
is produced and sent: a client that has gone gets nothing written, a
streamed file stops being read, and the request is still finished (its
database connection released). A sync view cannot be stopped half-way, so
it runs to its end first, as under Django's own handler.

It writes one line per request to the ``config.access`` logger (method,
path, status, time); run the ASGI server without its own access log
(docs/operating.md).

This relies on Django internals (``BaseHandler`` without
``ASGIHandler.__init__``, ``read_body``, ``create_request``,
``send_response``): it was checked against ``CHECKED_DJANGO``, and
tests/config/test_handlers.py fails on another minor version until someone
re-reads django/core/handlers/asgi.py and updates it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

from asgiref.sync import sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.db import close_old_connections
from django.http import FileResponse
from django.urls import set_script_prefix

# The Django minor version whose django/core/handlers/asgi.py this mirrors.
CHECKED_DJANGO = (5, 2)

_END = object()
access_logger = logging.getLogger("config.access")


class ThreadedASGIHandler(ASGIHandler):
    def __init__(self, threads: int = 8):
        base.BaseHandler.__init__(self)  # not ASGIHandler's: sync middleware chain
        self.load_middleware(is_async=False)
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="http")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        started = time.monotonic()
        gone = asyncio.Event()
        listener = asyncio.create_task(self._listen_for_disconnect(receive, gone))
        response, sent = None, False
        try:
            respond = sync_to_async(self._respond, thread_sensitive=False, executor=self.executor)
            response = await respond(scope, body_file)
            if not gone.is_set():
                sent = await self._send_unless_gone(response, send, gone)
        finally:
            listener.cancel()
            with suppress(asyncio.CancelledError):
                await listener
            if response is not None and response.streaming:
                close = sync_to_async(self._close, thread_sensitive=False, executor=self.executor)
                await close(response, body_file)
            _log_access(scope, response, started, gone=not sent)

    @staticmethod
    async def _listen_for_disconnect(receive, gone: asyncio.Event) -> None:
        """After the body, the only message a server sends is the disconnect."""
        message = await receive()
        if message["type"] == "http.disconnect":
            gone.set()

    async def _send_unless_gone(self, response, send, gone: asyncio.Event) -> bool:
        """Send ``response``; False if the client went away first."""
        pulled = {"whole": True}
        if response.streaming and not response.is_async:
            pulled["whole"] = False
            response.streaming_content = self._pull(response.streaming_content, gone, pulled)
        sender = asyncio.create_task(self.send_response(response, send))
        leaving = asyncio.create_task(gone.wait())
        await asyncio.wait([sender, leaving], return_when=asyncio.FIRST_COMPLETED)
        leaving.cancel()
        if not sender.done():  # the client went away during the send
            sender.cancel()
            with suppress(asyncio.CancelledError):
                await sender
            return False
        sender.result()
        return pulled["whole"]  # False if a streamed answer was cut short

    def _respond(self, scope, body_file):
        """The sync part, on a pool thread. Non-streaming responses are closed
        here too (``request_finished`` runs on the thread that used the
        database connection); streaming ones after they are sent."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size
        if response.streaming and not response.is_async and not isinstance(response, FileResponse):
            # A generator may read the database: run it here, on this
            # request's thread, as Django's own handler does (it collects it).
            response.streaming_content = [b"".join(response.streaming_content)]
        if response.streaming:
            # Sent and closed later, maybe on another pool thread: release
            # this thread's connection now, as request_finished would.
            close_old_connections()
        else:
            self._close(response, body_file)
        return response

    async def _pull(self, iterator, gone: asyncio.Event, pulled: dict):
        """A file read chunk by chunk on the pool, not collected whole in the
        event loop as Django would; no further chunk once the client is gone."""
        step = sync_to_async(next, thread_sensitive=False, executor=self.executor)
        while not gone.is_set():
            part = await step(iterator, _END)
            if part is _END:
                pulled["whole"] = True
                return
            yield part

    @staticmethod
    def _close(response, body_file) -> None:
        try:
            response.close()
        finally:
            body_file.close()


def _log_access(scope, response, started: float, *, gone: bool) -> None:
    """The one line an HTTP request leaves in the log (no query string: it
    may carry tokens)."""
    status = response.status_code if response is not None else "-"
    access_logger.info(
        "%s %s %s %.0f ms%s",
        scope.get("method", "-"),
        scope.get("path", "-"),
        status,
        (time.monotonic() - started) * 1000,
        " (client gone)" if gone else "",
    )
