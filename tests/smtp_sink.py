"""A real SMTP server on 127.0.0.1 for tests and benches (aiosmtpd).

It keeps every message it accepts and refuses, at RCPT time, any address
whose local part starts with ``bounce`` (550 5.1.1, as a server does for an
unknown mailbox) — the failures a mailing must report.

    with SmtpSink() as sink:
        ... EMAIL_HOST="127.0.0.1", EMAIL_PORT=sink.port ...
        sink.messages  # [(recipients, bytes)]
"""

from __future__ import annotations

import logging
import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@", 1)[0].lower().startswith("bounce"):
            self.sink.refused.append(address)
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.sink.lock:
            self.sink.messages.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self):
        self.port = _free_port()
        self.messages: list[tuple[list[str], bytes]] = []
        self.refused: list[str] = []
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def settings(self) -> dict:
        """Django settings that send through this sink."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 10,
        }

    def recipients(self) -> list[str]:
        return sorted(address for rcpts, _raw in self.messages for address in rcpts)

    def parsed(self):
        """The accepted messages as ``email.message.EmailMessage`` objects."""
        return [message_from_bytes(raw, policy=policy.default) for _rcpts, raw in self.messages]
