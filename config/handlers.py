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
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.db import close_old_connections
from django.http import FileResponse
from django.urls import set_script_prefix

_END = object()


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
        respond = sync_to_async(self._respond, thread_sensitive=False, executor=self.executor)
        response = await respond(scope, body_file)
        if response.streaming and not response.is_async:
            response.streaming_content = self._pull(response.streaming_content)
        try:
            await self.send_response(response, send)
        finally:
            if response.streaming:
                close = sync_to_async(self._close, thread_sensitive=False, executor=self.executor)
                await close(response, body_file)

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

    async def _pull(self, iterator):
        """A file read chunk by chunk on the pool, not collected whole in the
        event loop as Django would."""
        step = sync_to_async(next, thread_sensitive=False, executor=self.executor)
        while (part := await step(iterator, _END)) is not _END:
            yield part

    @staticmethod
    def _close(response, body_file) -> None:
        try:
            response.close()
        finally:
            body_file.close()
