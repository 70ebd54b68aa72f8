"""The chair's one-tap actions during the meeting.

Each takes ``expected_version``: the version the chair's screen showed. A
second tap on a stale screen (double tap, two chairs at once) is refused
instead of starting or skipping one item too many.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import AgendaItem, AgendaItemStatus, AgendaState, Conference
from events.names import clean_text
from events.services.agenda import agenda_commit, agenda_lock, agenda_recompute

LATE_STEPS = (5, 10, 15)
ANNOUNCEMENT_MAX = 200


def _lock(conference: Conference, expected_version: int | None) -> AgendaState:
    state = agenda_lock(conference=conference)
    if expected_version is not None and expected_version != state.version:
        raise DomainError(
            _("The agenda changed a moment ago; check the screen and tap again."),
            code="stale_version",
        )
    return state


def _running(conference: Conference) -> AgendaItem | None:
    return conference.agenda_items.filter(status=AgendaItemStatus.RUNNING).first()


def _next_planned(conference: Conference) -> AgendaItem | None:
    return (
        conference.agenda_items.filter(status=AgendaItemStatus.PLANNED).order_by("position").first()
    )


def _finish(item: AgendaItem, now) -> None:
    item.status = AgendaItemStatus.DONE
    item.actual_end = now
    item.save(update_fields=["status", "actual_end"])


@transaction.atomic
def agenda_start_next(*, conference: Conference, expected_version: int | None = None) -> AgendaItem:
    """Finish the running item (if any) and start the next planned one."""
    state = _lock(conference, expected_version)
    following = _next_planned(conference)
    if following is None:
        raise DomainError(_("There is no further item to start."), code="no_next_item")
    now = timezone.now()
    running = _running(conference)
    if running is not None:
        _finish(running, now)
    following.status = AgendaItemStatus.RUNNING
    following.actual_start = now
    following.save(update_fields=["status", "actual_start"])
    agenda_commit(conference=conference, state=state)
    return following


@transaction.atomic
def agenda_finish_current(
    *, conference: Conference, expected_version: int | None = None
) -> AgendaItem:
    state = _lock(conference, expected_version)
    running = _running(conference)
    if running is None:
        raise DomainError(_("No item is running."), code="nothing_running")
    _finish(running, timezone.now())
    agenda_commit(conference=conference, state=state)
    return running


@transaction.atomic
def agenda_skip_next(*, conference: Conference, expected_version: int | None = None) -> AgendaItem:
    """Mark the next planned item as skipped (the running one goes on)."""
    state = _lock(conference, expected_version)
    following = _next_planned(conference)
    if following is None:
        raise DomainError(_("There is no further item to skip."), code="no_next_item")
    following.status = AgendaItemStatus.SKIPPED
    following.save(update_fields=["status"])
    agenda_commit(conference=conference, state=state)
    return following


@transaction.atomic
def agenda_shift(
    *, conference: Conference, minutes: int, expected_version: int | None = None
) -> int:
    """Running late: push every item that has not started yet by ``minutes``.

    Returns how many items moved.
    """
    if minutes not in LATE_STEPS:
        raise DomainError(_("Choose a delay of 5, 10 or 15 minutes."), code="bad_delay")
    state = _lock(conference, expected_version)
    moved = conference.agenda_items.filter(status=AgendaItemStatus.PLANNED).update(
        delay_minutes=F("delay_minutes") + minutes
    )
    if moved == 0:
        raise DomainError(_("No item is left to move."), code="no_next_item")
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
    return moved


@transaction.atomic
def agenda_announce(
    *, conference: Conference, text: str, expected_version: int | None = None
) -> str:
    """Show (or, with empty text, clear) the announcement banner."""
    text = clean_text(text)
    if len(text) > ANNOUNCEMENT_MAX:
        raise DomainError(
            _("Keep the announcement under %(max)d characters.") % {"max": ANNOUNCEMENT_MAX},
            code="announcement_too_long",
        )
    state = _lock(conference, expected_version)
    state.announcement = text
    state.save(update_fields=["announcement"])
    agenda_commit(conference=conference, state=state)
    return text
