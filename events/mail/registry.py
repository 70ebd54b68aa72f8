"""The kinds of mailing: who a kind writes to, and the message each gets.

A kind is three functions and a label (docs/mail.md, "Adding a kind"):

- ``check(conference, target_id)``: raise ``DomainError`` when it may not be
  sent now (the deadline passed, the delegate is not approved);
- ``recipients(conference, target_id)``: the ``Recipient`` list, fixed when
  the mailing starts; one with ``skip`` set is logged but never sent;
- ``message(delivery)``: the ``EmailMessage`` for one delivery (its
  ``registration`` / ``unit`` / ``mailing.conference`` are loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    registration_id: int | None = None
    unit_id: int | None = None
    # A stable code when this recipient cannot be sent to: "no_email",
    # "no_liaison". Logged as skipped with the reason shown.
    skip: str = ""


@dataclass(frozen=True)
class MailKind:
    code: str
    label: object  # a lazy translated string
    recipients: Callable[..., Iterable[Recipient]]
    message: Callable[..., EmailMessage]
    check: Callable[..., None] = lambda conference, target_id: None
    # A line for the mailings page ("12 approved delegates, 2 without an
    # email"); a kind with ``describe`` gets a "send" button there.
    describe: Callable[..., str] | None = None


KINDS: dict[str, MailKind] = {}


def register(kind: MailKind) -> MailKind:
    KINDS[kind.code] = kind
    return kind


def kind_get(code: str) -> MailKind:
    kind = KINDS.get(code)
    if kind is None:
        raise DomainError(_("There is no such kind of mailing."), "unknown_kind")
    return kind


SKIP_REASONS = {
    "no_email": _("No email address"),
    "no_liaison": _("The unit has no liaison"),
}

#: What a failure means, said to the organizer before the server's own words.
FAILURE_REASONS = {
    "refused": _("The recipient's mail server refused it: check the address."),
    "server_error": _("Our mail server could not be reached: send again later."),
}
