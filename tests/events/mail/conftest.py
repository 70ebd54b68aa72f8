import signal

import pytest
from django.core.management import call_command

from tests.smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on 127.0.0.1 that Django sends through; it
    refuses addresses whose local part starts with "bounce"."""
    with SmtpSink() as sink:
        for name, value in sink.settings.items():
            setattr(settings, name, value)
        yield sink


@pytest.fixture
def run_worker():
    """Run the real task worker until the queue is empty (``db_worker
    --batch``), restoring the signal handlers it installs."""

    def run():
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    return run
