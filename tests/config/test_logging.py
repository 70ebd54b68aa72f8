"""An operator reads one line per request; tracebacks only for server errors."""

import logging

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.urls import include, path

from config.asgi import application
from tests.events.consumers.test_agenda import _cookie
from tests.factories import ConferenceFactory, UserFactory

asyncio = pytest.mark.asyncio
db = pytest.mark.django_db(transaction=True)


def _boom(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]


async def _get(path: str, cookie: bytes = b"", host: bytes = b"127.0.0.1"):
    headers = [(b"host", host)] + ([(b"cookie", cookie)] if cookie else [])
    communicator = HttpCommunicator(application, "GET", path, headers=headers)
    response = await communicator.get_response()
    await communicator.wait()  # the line is written once the response is sent
    return response


def _lines(caplog) -> list[tuple[str, str, bool]]:
    return [(r.name, r.getMessage(), r.exc_info is not None) for r in caplog.records]


@asyncio
@db
async def test_forbidden_page_logs_one_line_without_traceback(caplog):
    conference = await database_sync_to_async(ConferenceFactory)(is_public=True)
    user = await database_sync_to_async(UserFactory)()
    cookie = await database_sync_to_async(_cookie)(user)
    caplog.set_level(logging.INFO)
    caplog.clear()

    response = await _get(f"/c/{conference.slug}/attendance/", cookie)

    assert response["status"] == 403
    ((name, message, traceback),) = _lines(caplog)
    assert (name, traceback) == ("config.access", False)
    assert message.startswith(f"GET /c/{conference.slug}/attendance/ 403 ")


@asyncio
@db
async def test_unknown_page_logs_one_line_without_traceback(caplog):
    caplog.set_level(logging.INFO)

    response = await _get("/no-such-page/")

    assert response["status"] == 404
    ((name, message, traceback),) = _lines(caplog)
    assert (name, traceback) == ("config.access", False)
    assert message.startswith("GET /no-such-page/ 404 ")


@asyncio
@db
async def test_server_error_logs_its_traceback_once(caplog, settings):
    settings.ROOT_URLCONF = __name__
    caplog.set_level(logging.INFO)

    response = await _get("/boom/")

    assert response["status"] == 500
    lines = _lines(caplog)
    assert [(name, tb) for name, _m, tb in lines] == [
        ("django.request", True),
        ("config.access", False),
    ]
    assert "RuntimeError: the view broke" in caplog.text
    assert caplog.text.count("Traceback") <= 1
    assert lines[1][1].startswith("GET /boom/ 500 ")


def test_django_debug_handlers_are_dropped():
    # Django's default "django" console handler would print every line a
    # second time in DEBUG.
    assert logging.getLogger("django").handlers == []


@asyncio
@db
async def test_unknown_host_logs_its_refusal_without_traceback(caplog):
    caplog.set_level(logging.INFO)

    response = await _get("/", host=b"evil.example")

    assert response["status"] == 400
    lines = _lines(caplog)
    assert [(name, tb) for name, _m, tb in lines] == [
        ("django.security.DisallowedHost", False),
        ("config.access", False),
    ]
    assert "evil.example" in lines[0][1]
