"""Emails sent in batches: the kinds (one module each) and their registry.

Importing this package registers every kind. To add one, write a module
like ``reminders.py`` and import it below (docs/mail.md).
"""

from events.mail import invitations, passes, reminders  # noqa: F401 (registers the kinds)
from events.mail.registry import (
    FAILURE_REASONS,
    KINDS,
    SKIP_REASONS,
    MailKind,
    Recipient,
    kind_get,
    register,
)

__all__ = [
    "FAILURE_REASONS",
    "KINDS",
    "SKIP_REASONS",
    "MailKind",
    "Recipient",
    "kind_get",
    "register",
]
