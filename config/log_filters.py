"""Logging filters named in settings.LOGGING."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the record, drop its traceback: for refusals that are expected
    (a request with a Host header we do not serve), where the message says
    all and a traceback of Django's own frames says nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
