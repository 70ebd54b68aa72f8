"""The sealed covenant as people download it: through the ASGI application
(a streamed file response), byte for byte the stored original."""

import hashlib

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async

from config.asgi import application
from signing.services import ceremony_seal
from tests.signing.conftest import sign_all

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def _seal(ceremony, meta):
    sign_all(ceremony, meta)
    sealed = ceremony_seal(ceremony=ceremony, meta=meta)
    with sealed.pdf.open("rb") as handle:
        return sealed, handle.read()


async def _get(path: str) -> tuple[dict, bytes]:
    """A GET as a server sends it; the streamed body's messages joined (the
    last one of a stream may carry no body, which HttpCommunicator trips on)."""
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b""}
    scope["headers"] = [(b"host", b"127.0.0.1")]
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(timeout=10)
    body = b""
    while True:
        message = await communicator.receive_output(timeout=10)
        body += message.get("body", b"")
        if not message.get("more_body"):
            await communicator.wait(timeout=10)  # the response is closed after sending
            return start, body


async def test_sealed_pdf_downloads_byte_for_byte(open_ceremony, chair_meta):
    ceremony, stored = await database_sync_to_async(_seal)(open_ceremony, chair_meta)

    start, body = await _get(f"/verify/{ceremony.public_id}/covenant.pdf")

    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    assert start["status"] == 200
    assert headers["content-type"] == "application/pdf"
    assert "attachment" in headers["content-disposition"]
    assert body == stored
    assert hashlib.sha256(body).hexdigest() == ceremony.pdf_sha256
