"""Who may do what in a signing ceremony. Views and consumers ask these."""

from events.permissions import can_chair, can_manage_conference, can_view_conference


def can_edit_covenant(user, conference) -> bool:
    return can_manage_conference(user, conference)


def can_run_ceremony(user, conference) -> bool:
    """Open, issue links, unlock the kiosk, seal when everyone has signed."""
    return can_chair(user, conference)


def can_manage_kiosks(user, conference) -> bool:
    """Pair, unlock, lock and revoke kiosk tablets: only from the console."""
    return can_chair(user, conference)


def is_kiosk_of(device, ceremony) -> bool:
    """A paired, unrevoked tablet of this very ceremony (the tablet's only right)."""
    return device is not None and device.is_active and device.ceremony_id == ceremony.pk


def can_seal_with_missing(user, conference) -> bool:
    """Sealing while someone has not signed: whoever runs the ceremony, with a
    reason that the PDF, the audit log and the verify page show."""
    return can_run_ceremony(user, conference)


def can_reopen_ceremony(user, conference) -> bool:
    """Reopening voids every signature collected: the organizer's decision."""
    return can_manage_conference(user, conference)


def can_see_signatures(user, conference) -> bool:
    """Signature images are shown to the ceremony's staff only (through
    short-lived signed URLs, see ``signing.signature_urls``)."""
    return can_run_ceremony(user, conference)


def can_watch_ceremony(user, conference) -> bool:
    """The projector screen shows what the hall sees."""
    return can_view_conference(user, conference)


def is_signatory_user(user, signatory) -> bool:
    """The logged-in account's email is the one the signatory was invited at."""
    return bool(
        user.is_authenticated
        and signatory.email
        and user.email.strip().lower() == signatory.email.strip().lower()
    )


def can_edit_minutes(user, conference) -> bool:
    """The minutes are written by the host's office: the organizers (the
    meeting's secretary works there); the printed secretary and chair sign
    through their own links."""
    return can_manage_conference(user, conference)


def can_draft_news(user, conference) -> bool:
    """The news article and its photos: the organizers, who post it."""
    return can_manage_conference(user, conference)
