"""The virus-scan hook: clamd's INSTREAM protocol against a real socket
server speaking it, and the hook refusing an upload before anything is saved."""

import io
import logging
import socket
import struct
import threading
from pathlib import Path

import pytest
from django.urls import reverse

from core.errors import DomainError, error_code
from core.virus_scan import clamd_scan, no_scan
from events.models import ConferenceDocument, StaffRole
from tests.events import document_samples as samples

EICAR_MARK = b"EICAR-TEST"


class FakeClamd:
    """A clamd stand-in on a Unix socket: reads zINSTREAM chunks and answers
    FOUND when the stream holds ``EICAR_MARK`` (or always, ``infected``),
    OK otherwise."""

    def __init__(self, path: Path, *, infected: bool = False):
        self.path = str(path)
        self.infected = infected
        self.received = b""
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.path)
        self.sock.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n):
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self):
        conn, _ = self.sock.accept()
        with conn:
            assert self._read(conn, 10) == b"zINSTREAM\0"
            while True:
                (size,) = struct.unpack("!L", self._read(conn, 4))
                if size == 0:
                    break
                self.received += self._read(conn, size)
            found = self.infected or EICAR_MARK in self.received
            conn.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")

    def close(self):
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def clamd(tmp_path, settings):
    server = FakeClamd(tmp_path / "clamd.ctl")
    settings.CLAMD_ADDRESS = server.path
    yield server
    server.close()


def test_clamd_scan_sends_the_whole_file_and_accepts_a_clean_one(clamd):
    data = samples.pdf_bytes(1) + b"x" * 150_000  # more than two chunks

    clamd_scan(data, filename="du-thao.pdf")

    clamd.close()
    assert clamd.received == data


def test_clamd_scan_refuses_a_finding(clamd):
    with pytest.raises(DomainError) as caught:
        clamd_scan(b"%PDF-1.4 " + EICAR_MARK, filename="x.pdf")

    assert error_code(caught.value) == "virus_found"
    assert caught.value.message_dict["file"] == [
        "Trình quét virus phát hiện mã độc trong tệp này; tệp không được lưu."
    ]


def test_clamd_scan_refuses_when_clamd_is_down(settings, tmp_path):
    settings.CLAMD_ADDRESS = str(tmp_path / "nobody-listens.ctl")

    with pytest.raises(DomainError) as caught:
        clamd_scan(b"%PDF-1.4", filename="x.pdf")

    assert error_code(caught.value) == "virus_scan_failed"


def test_default_hook_accepts_and_says_it_did_not_scan(caplog):
    with caplog.at_level(logging.WARNING, logger="core.virus_scan"):
        no_scan(b"%PDF-1.4", filename="du-thao.pdf")

    assert "'du-thao.pdf' (8 bytes) was not scanned for viruses" in caplog.text


@pytest.mark.django_db
def test_infected_upload_is_refused_on_the_form_and_nothing_is_saved(
    tmp_path, settings, conference, make_member, media_root
):
    clamd = FakeClamd(tmp_path / "infected.ctl", infected=True)
    settings.CLAMD_ADDRESS = clamd.path
    settings.DOCUMENTS_VIRUS_SCAN = "core.virus_scan.clamd_scan"
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    data = samples.docx_bytes()
    file = io.BytesIO(data)
    file.name = "quy-che.docx"

    response = client.post(
        reverse("events:document_manage", kwargs={"slug": conference.slug}),
        {"title": "Quy chế", "kind": "other", "file": file},
    )

    clamd.close()
    assert clamd.received == data
    assert response.status_code == 400
    assert "phát hiện mã độc" in response.content.decode()
    assert ConferenceDocument.objects.count() == 0
    assert not (Path(media_root) / "documents").exists() or not any(
        (Path(media_root) / "documents").iterdir()
    )
