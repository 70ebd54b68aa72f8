"""The virus-scan hook of uploads: ``settings.DOCUMENTS_VIRUS_SCAN`` names a
callable ``scan(data, *, filename)`` that returns when the bytes are clean
and raises ``DomainError`` (code ``virus_found`` or ``virus_scan_failed``)
otherwise. It runs before anything is saved.

``no_scan`` (the default) scans nothing and logs a warning saying so;
``clamd_scan`` sends the bytes to a clamd daemon with its INSTREAM command
(a Unix socket path, or ``host:port``, in ``settings.CLAMD_ADDRESS``).
"""

from __future__ import annotations

import logging
import socket
import struct

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


def virus_scan(data: bytes, *, filename: str) -> None:
    """Run the configured scanner (``settings.DOCUMENTS_VIRUS_SCAN``)."""
    import_string(settings.DOCUMENTS_VIRUS_SCAN)(data, filename=filename)


def no_scan(data: bytes, *, filename: str) -> None:
    """No scanner configured: accept, and say so in the log."""
    logger.warning(
        "Upload %r (%s bytes) was not scanned for viruses: DOCUMENTS_VIRUS_SCAN "
        "is core.virus_scan.no_scan.",
        filename,
        len(data),
    )


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
        except OSError:
            sock.close()
            raise
        return sock
    host, _sep, port = address.rpartition(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def clamd_scan(data: bytes, *, filename: str, timeout: float = 30.0) -> None:
    """Ask clamd (``zINSTREAM``); refuse on a finding or when clamd cannot
    be asked (a scanner that is down must not wave files through)."""
    try:
        with _connect(settings.CLAMD_ADDRESS, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        logger.error("clamd at %s could not scan %r: %s", settings.CLAMD_ADDRESS, filename, error)
        raise DomainError(
            _("The virus scanner is not answering; try again in a few minutes."),
            "virus_scan_failed",
            field="file",
        ) from error
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith("OK") and "FOUND" not in answer:
        return
    if answer.endswith("FOUND"):
        logger.warning("clamd refused upload %r: %s", filename, answer)
        raise DomainError(
            _("The virus scanner found a threat in this file; it was not saved."),
            "virus_found",
            field="file",
        )
    logger.error("clamd answered %r for %r", answer, filename)
    raise DomainError(
        _("The virus scanner is not answering; try again in a few minutes."),
        "virus_scan_failed",
        field="file",
    )
