"""Writes for the invitation letters: their settings (number, symbol, signer,
guests), audited; and the check that a letter may be issued at all."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from events.models import Conference, InvitationSetup
from events.names import clean_text
from events.services.activity import SYSTEM, ActivityMeta, activity_record

TEXT_FIELDS = (
    "number",
    "symbol",
    "place",
    "parent_body",
    "issuing_body",
    "signer_authority",
    "signer_title",
    "signer_name",
    "contact",
)
# What a letter cannot go out without (Decree 30, Annex I: number and
# symbol, place and date, issuing body, the signer's title and name).
REQUIRED = ("number", "symbol", "issued_on", "place", "issuing_body", "signer_title", "signer_name")


def _state(setup: InvitationSetup) -> dict:
    state = {name: getattr(setup, name) for name in TEXT_FIELDS}
    state["issued_on"] = setup.issued_on.isoformat() if setup.issued_on else None
    state["guests"] = setup.guest_names
    return state


def _clean_guests(text: str) -> str:
    lines = [clean_text(line) for line in (text or "").splitlines()]
    seen: list[str] = []
    for line in lines:
        if line and line not in seen:
            seen.append(line)
    return "\n".join(seen)


def invitation_setup_update(
    *,
    conference: Conference,
    issued_on: date | None,
    guests: str = "",
    meta: ActivityMeta = SYSTEM,
    **fields: str,
) -> InvitationSetup:
    """Store the letter's settings (text NFC, whitespace collapsed; guest
    lines deduplicated) and log what changed."""
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        setup, _created = InvitationSetup.objects.select_for_update().get_or_create(
            conference=conference
        )
        before = _state(setup) if not _created else {}
        for name in TEXT_FIELDS:
            if name in fields:
                setattr(setup, name, clean_text(fields[name]))
        setup.symbol = setup.symbol.upper().replace(" ", "")
        setup.issued_on = issued_on
        setup.guests = _clean_guests(guests)
        setup.full_clean()
        setup.save()
        after = _state(setup)
        changes = {
            key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]
        }
        if changes:
            activity_record(
                conference=conference,
                action="invitations.updated",
                obj=setup,
                label=setup.reference or conference.title[:200],
                data=changes,
                meta=meta,
            )
    return setup


def invitation_missing(setup: InvitationSetup) -> list[str]:
    """The names of the required settings still empty."""
    return [name for name in REQUIRED if not getattr(setup, name)]


def invitation_require_complete(setup: InvitationSetup) -> None:
    """Refuse to build a letter that lacks its number, date or signer:
    a half-filled giấy mời must not leave the office."""
    missing = invitation_missing(setup)
    if missing:
        labels = ", ".join(
            str(InvitationSetup._meta.get_field(name).verbose_name) for name in missing
        )
        raise DomainError(
            _("The invitation is not ready: fill in %(fields)s first."),
            "invitation_incomplete",
            params={"fields": labels},
        )
