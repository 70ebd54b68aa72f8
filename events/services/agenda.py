"""Writes for the agenda editor. Every write locks the conference's
:class:`AgendaState`, recomputes planned times, bumps the version and
broadcasts the new snapshot once the transaction commits.

Chair actions during the meeting live in ``agenda_live``; the starter agenda
and copying from an earlier conference in ``agenda_templates``.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from core import realtime
from core.errors import DomainError, field_error
from events.models import (
    AgendaItem,
    AgendaItemStatus,
    AgendaState,
    Conference,
    ConferenceStatus,
    MemberUnit,
    Registration,
)
from events.names import clean_text

MAX_DURATION = 600
AGENDA_TOPIC = "agenda"


# --- The shared steps of every agenda write --------------------------------------


def agenda_lock(*, conference: Conference) -> AgendaState:
    """Lock (creating if needed) the conference's agenda state row.

    Refuses changes to a finished conference.
    """
    if conference.status == ConferenceStatus.FINISHED:
        raise DomainError(
            _("This conference has finished; its agenda can no longer be changed."),
            code="conference_finished",
        )
    AgendaState.objects.get_or_create(conference=conference)
    return AgendaState.objects.select_for_update().get(conference=conference)


def agenda_recompute(*, conference: Conference) -> list[AgendaItem]:
    """Planned starts from durations: each item follows the previous one unless
    pinned, plus its delay. Refuses a plan that runs past midnight."""
    items = list(conference.agenda_items.order_by("position"))
    cursor = conference.starts_at
    changed = []
    for item in items:
        base = item.pinned_start or cursor
        start = base + timedelta(minutes=item.delay_minutes)
        cursor = base + timedelta(minutes=item.duration_minutes)
        _check_same_day(item, start)
        if item.planned_start != start:
            item.planned_start = start
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["planned_start"])
    return items


def _check_same_day(item: AgendaItem, start: datetime) -> None:
    local_start = timezone.localtime(start)
    last_minute = timezone.localtime(start + timedelta(minutes=item.duration_minutes - 1))
    if last_minute.date() != local_start.date():
        raise field_error(
            "duration_minutes",
            _(
                "“%(title)s” would end after midnight (it starts at %(start)s). "
                "Shorten it or move it to another day."
            )
            % {"title": item.title, "start": time_format(local_start, "H:i")},
            "past_midnight",
        )


def agenda_commit(*, conference: Conference, state: AgendaState) -> int:
    """Bump the version and broadcast the snapshot after commit (serialized once)."""
    from events.selectors.agenda import agenda_snapshot_json

    state.version += 1
    state.save(update_fields=["version", "updated_at"])
    text = agenda_snapshot_json(conference=conference, state=state)
    realtime.broadcast_on_commit(
        realtime.conference_group(conference.pk, AGENDA_TOPIC),
        {"type": "agenda.snapshot", "version": state.version, "text": text},
    )
    return state.version


# --- Editor -----------------------------------------------------------------------


def _clean_fields(
    *,
    conference: Conference,
    title: str,
    duration_minutes: int,
    presenter: Registration | None,
    presenter_unit: MemberUnit | None,
) -> str:
    title = clean_text(title)
    if not title:
        raise field_error("title", _("Give the item a title."), "title_missing")
    if not isinstance(duration_minutes, int) or not 1 <= duration_minutes <= MAX_DURATION:
        raise field_error(
            "duration_minutes",
            _("The duration must be between 1 and %(max)d minutes.") % {"max": MAX_DURATION},
            "bad_duration",
        )
    if presenter is not None and presenter.conference_id != conference.pk:
        raise field_error(
            "presenter",
            _("The presenter must be registered for this conference."),
            "foreign_presenter",
        )
    if (
        presenter_unit is not None
        and not conference.term.members.filter(pk=presenter_unit.pk).exists()
    ):
        raise field_error(
            "presenter_unit",
            _("This unit is not a member of the cluster this year."),
            "foreign_unit",
        )
    return title


@transaction.atomic
def agenda_item_create(
    *,
    conference: Conference,
    kind: str,
    title: str,
    duration_minutes: int,
    pinned_start: datetime | None = None,
    presenter: Registration | None = None,
    presenter_unit: MemberUnit | None = None,
    presenter_text: str = "",
    notes: str = "",
) -> AgendaItem:
    state = agenda_lock(conference=conference)
    title = _clean_fields(
        conference=conference,
        title=title,
        duration_minutes=duration_minutes,
        presenter=presenter,
        presenter_unit=presenter_unit,
    )
    last = conference.agenda_items.order_by("-position").first()
    item = AgendaItem(
        conference=conference,
        position=(last.position + 1) if last else 1,
        kind=kind,
        title=title,
        duration_minutes=duration_minutes,
        pinned_start=pinned_start,
        planned_start=pinned_start or conference.starts_at,
        presenter=presenter,
        presenter_unit=presenter_unit,
        presenter_text=clean_text(presenter_text),
        notes=clean_text(notes),
    )
    item.full_clean()
    item.save()
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    kind: str,
    title: str,
    duration_minutes: int,
    pinned_start: datetime | None = None,
    presenter: Registration | None = None,
    presenter_unit: MemberUnit | None = None,
    presenter_text: str = "",
    notes: str = "",
) -> AgendaItem:
    conference = item.conference
    state = agenda_lock(conference=conference)
    item = AgendaItem.objects.get(pk=item.pk)
    item.title = _clean_fields(
        conference=conference,
        title=title,
        duration_minutes=duration_minutes,
        presenter=presenter,
        presenter_unit=presenter_unit,
    )
    item.kind = kind
    item.duration_minutes = duration_minutes
    item.pinned_start = pinned_start
    item.presenter = presenter
    item.presenter_unit = presenter_unit
    item.presenter_text = clean_text(presenter_text)
    item.notes = clean_text(notes)
    item.full_clean()
    item.save()
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    conference = item.conference
    state = agenda_lock(conference=conference)
    if item.status == AgendaItemStatus.RUNNING:
        raise DomainError(
            _("This item is running; finish it before deleting it."), code="item_running"
        )
    AgendaItem.objects.filter(pk=item.pk).delete()
    _renumber(conference, list(conference.agenda_items.order_by("position")))
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)


def _renumber(conference: Conference, items: list[AgendaItem]) -> None:
    """Positions 1..n in the given order (two passes: positions are unique)."""
    offset = len(items) + (max((i.position for i in items), default=0)) + 1
    for index, item in enumerate(items):
        item.position = offset + index
    AgendaItem.objects.bulk_update(items, ["position"])
    for index, item in enumerate(items, start=1):
        item.position = index
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> None:
    """Move an item one place ``up`` or ``down`` (the keyboard/button fallback)."""
    conference = item.conference
    state = agenda_lock(conference=conference)
    items = list(conference.agenda_items.order_by("position"))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    step = {"up": -1, "down": 1}.get(direction)
    if index is None or step is None or not 0 <= index + step < len(items):
        raise DomainError(_("This item cannot move that way."), code="bad_move")
    items[index], items[index + step] = items[index + step], items[index]
    _renumber(conference, items)
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)


@transaction.atomic
def agenda_reorder(*, conference: Conference, item_ids: list[int]) -> None:
    """Put the items in the order given (drag and drop sends the whole list)."""
    state = agenda_lock(conference=conference)
    items = {item.pk: item for item in conference.agenda_items.all()}
    if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
        raise DomainError(
            _("The agenda changed meanwhile; reload the page and try again."),
            code="stale_order",
        )
    _renumber(conference, [items[pk] for pk in item_ids])
    agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
