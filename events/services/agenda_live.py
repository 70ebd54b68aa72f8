"""The chair's one-tap actions during the meeting.

Each takes ``expected_version``: the version the chair's screen showed. A
second tap on a stale screen (double tap, two chairs at once) is refused
instead of starting or skipping one item too many.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import ActivityLog, AgendaItem, AgendaItemStatus, AgendaState, Conference
from events.names import clean_text
from events.services.activity import SYSTEM, activity_record
from events.services.agenda import agenda_commit, agenda_lock, agenda_recompute

LATE_STEPS = (5, 10, 15)
EARLIER_STEPS = (5,)
ANNOUNCEMENT_MAX = 200
# The activity codes of a change of delay; an undo names the row it undoes.
SHIFT_ACTIONS = ("agenda.delayed", "agenda.advanced")
UNDO_ACTION = "agenda.delay_undone"


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
def agenda_start_next(
    *, conference: Conference, expected_version: int | None = None, meta=SYSTEM
) -> AgendaItem:
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
    activity_record(conference=conference, action="agenda.item_started", obj=following, meta=meta)
    return following


@transaction.atomic
def agenda_finish_current(
    *, conference: Conference, expected_version: int | None = None, meta=SYSTEM
) -> AgendaItem:
    state = _lock(conference, expected_version)
    running = _running(conference)
    if running is None:
        raise DomainError(_("No item is running."), code="nothing_running")
    _finish(running, timezone.now())
    agenda_commit(conference=conference, state=state)
    activity_record(conference=conference, action="agenda.item_finished", obj=running, meta=meta)
    return running


@transaction.atomic
def agenda_skip_next(
    *, conference: Conference, expected_version: int | None = None, meta=SYSTEM
) -> AgendaItem:
    """Mark the next planned item as skipped (the running one goes on)."""
    state = _lock(conference, expected_version)
    following = _next_planned(conference)
    if following is None:
        raise DomainError(_("There is no further item to skip."), code="no_next_item")
    following.status = AgendaItemStatus.SKIPPED
    following.save(update_fields=["status"])
    agenda_commit(conference=conference, state=state)
    activity_record(conference=conference, action="agenda.item_skipped", obj=following, meta=meta)
    return following


def _apply_delays(conference: Conference, deltas: dict[int, int]) -> dict[str, list[int]]:
    """Add ``deltas[item_id]`` minutes to each planned item (never below 0);
    returns ``{item_id: [old, new]}`` for the items that changed."""
    changed = {}
    items = list(
        conference.agenda_items.filter(status=AgendaItemStatus.PLANNED, pk__in=list(deltas))
    )
    for item in items:
        new = max(0, item.delay_minutes + deltas[item.pk])
        if new != item.delay_minutes:
            changed[str(item.pk)] = [item.delay_minutes, new]
            item.delay_minutes = new
    if changed:
        AgendaItem.objects.bulk_update(
            [i for i in items if str(i.pk) in changed], ["delay_minutes"]
        )
    return changed


def _shift_planned(
    *, conference: Conference, minutes: int, expected_version: int | None, meta, empty
) -> int:
    state = _lock(conference, expected_version)
    planned = conference.agenda_items.filter(status=AgendaItemStatus.PLANNED)
    changed = _apply_delays(
        conference, dict.fromkeys(planned.values_list("pk", flat=True), minutes)
    )
    if not changed:
        raise empty
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
    activity_record(
        conference=conference,
        action="agenda.delayed" if minutes > 0 else "agenda.advanced",
        data={"minutes": minutes, "items": changed},
        meta=meta,
    )
    return len(changed)


@transaction.atomic
def agenda_shift(
    *, conference: Conference, minutes: int, expected_version: int | None = None, meta=SYSTEM
) -> int:
    """Running late: push every item that has not started yet by ``minutes``.

    Returns how many items moved. Recorded in the activity log with each
    item's old and new delay, so that :func:`agenda_shift_undo` can take it back.
    """
    if minutes not in LATE_STEPS:
        raise DomainError(_("Choose a delay of 5, 10 or 15 minutes."), code="bad_delay")
    return _shift_planned(
        conference=conference,
        minutes=minutes,
        expected_version=expected_version,
        meta=meta,
        empty=DomainError(_("No item is left to move."), code="no_next_item"),
    )


@transaction.atomic
def agenda_shift_earlier(
    *, conference: Conference, minutes: int, expected_version: int | None = None, meta=SYSTEM
) -> int:
    """Caught up: take ``minutes`` of delay off every item not started yet
    (an item is never planned earlier than its own plan)."""
    if minutes not in EARLIER_STEPS:
        raise DomainError(_("Choose 5 minutes."), code="bad_delay")
    return _shift_planned(
        conference=conference,
        minutes=-minutes,
        expected_version=expected_version,
        meta=meta,
        empty=DomainError(
            _("No item still to come is running late: there is no delay to take back."),
            code="no_delay",
        ),
    )


def agenda_last_shift(*, conference: Conference) -> ActivityLog | None:
    """The latest change of delay not undone yet (undos go back one by one)."""
    undone = [
        entry.data.get("undoes")
        for entry in ActivityLog.objects.filter(conference=conference, action=UNDO_ACTION)
    ]
    return (
        ActivityLog.objects.filter(conference=conference, action__in=SHIFT_ACTIONS)
        .exclude(pk__in=[pk for pk in undone if isinstance(pk, int)])
        .order_by("-at", "-pk")
        .first()
    )


@transaction.atomic
def agenda_shift_undo(
    *, conference: Conference, expected_version: int | None = None, meta=SYSTEM
) -> ActivityLog:
    """Take back the latest change of delay (later or earlier): the items it moved that have not
    started yet get their delay back. A new activity row records the undo;
    the row undone stays as it was."""
    state = _lock(conference, expected_version)
    entry = agenda_last_shift(conference=conference)
    if entry is None:
        raise DomainError(_("There is no change of delay to undo."), code="nothing_to_undo")
    moved = entry.data.get("items") or {}
    deltas = {int(pk): old - new for pk, (old, new) in moved.items()}
    changed = _apply_delays(conference, deltas)
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
    return activity_record(
        conference=conference,
        action=UNDO_ACTION,
        data={"undoes": entry.pk, "minutes": -entry.data.get("minutes", 0), "items": changed},
        meta=meta,
    )


@transaction.atomic
def agenda_announce(
    *, conference: Conference, text: str, expected_version: int | None = None, meta=SYSTEM
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
    activity_record(
        conference=conference,
        action="agenda.announced" if text else "agenda.announcement_cleared",
        data={"text": text} if text else {},
        meta=meta,
    )
    return text
