"""Reads for the agenda: items in order, the live snapshot, editor warnings."""

import itertools
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from events.models import (
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    AgendaState,
    Conference,
    ConferenceStatus,
)


def agenda_items(*, conference: Conference) -> QuerySet[AgendaItem]:
    return conference.agenda_items.select_related("presenter", "presenter_unit").order_by(
        "position"
    )


def agenda_state(*, conference: Conference) -> AgendaState:
    """The state row, or an unsaved version-0 state when nothing was written yet."""
    state = AgendaState.objects.filter(conference=conference).first()
    return state or AgendaState(conference=conference, version=0)


def agenda_version(*, conference: Conference) -> int:
    return (
        AgendaState.objects.filter(conference=conference).values_list("version", flat=True).first()
        or 0
    )


def current_and_next(items: list[AgendaItem]) -> tuple[AgendaItem | None, AgendaItem | None]:
    current = next((i for i in items if i.status == AgendaItemStatus.RUNNING), None)
    upcoming = next((i for i in items if i.status == AgendaItemStatus.PLANNED), None)
    return current, upcoming


def _hm(moment: datetime | None) -> str | None:
    return time_format(timezone.localtime(moment), "H:i") if moment else None


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _item_dict(item: AgendaItem) -> dict:
    return {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "title": item.title,
        "presenter": item.presenter_label,
        "notes": item.notes,
        "duration": item.duration_minutes,
        "delay": item.delay_minutes,
        "planned_start": _iso(item.planned_start),
        "planned_end": _iso(item.planned_end),
        "start": _hm(item.planned_start),
        "end": _hm(item.planned_end),
        "status": item.status,
        "actual_start": _iso(item.actual_start),
        "actual_end": _iso(item.actual_end),
        "actual_start_hm": _hm(item.actual_start),
        "actual_end_hm": _hm(item.actual_end),
    }


def agenda_total_delay(current: AgendaItem | None, upcoming: AgendaItem | None) -> int:
    """How late the meeting runs, in minutes: the delay of the next item to
    come (of the running one when nothing is left to come)."""
    item = upcoming or current
    return item.delay_minutes if item is not None else 0


def _due(item: AgendaItem | None) -> str | None:
    """When the running item should end: its actual start plus its duration."""
    if item is None or item.actual_start is None:
        return None
    return _iso(item.actual_start + timedelta(minutes=item.duration_minutes))


def agenda_snapshot(*, conference: Conference, state: AgendaState | None = None) -> dict:
    """What every client renders: ``{"version": N, "items": [...], ...}``.

    Language-neutral, so one serialization serves every socket: items carry
    their ``kind`` and ``status`` as codes and times as "H:i"; each page maps
    codes to labels in its own language (see :func:`agenda_kind_labels`).
    Two queries whatever the number of items.
    """
    state = state or agenda_state(conference=conference)
    items = list(agenda_items(conference=conference))
    current, upcoming = current_and_next(items)
    return {
        "type": "snapshot",
        "version": state.version,
        "conference": conference.slug,
        "announcement": state.announcement,
        "finished": conference.status == ConferenceStatus.FINISHED,
        "current": current.pk if current else None,
        "next": upcoming.pk if upcoming else None,
        "delay": agenda_total_delay(current, upcoming),
        "current_due": _due(current),
        "items": [_item_dict(item) for item in items],
    }


def agenda_kind_labels() -> dict[str, str]:
    """Item kind code → label, in the active language."""
    return {code: str(label) for code, label in AgendaItemKind.choices}


def agenda_snapshot_labelled(*, conference: Conference, state: AgendaState | None = None) -> dict:
    """The snapshot for one HTTP answer: every item also carries ``kind_label``
    in the active language (the page's first paint, the polling API)."""
    snapshot = agenda_snapshot(conference=conference, state=state)
    labels = agenda_kind_labels()
    for item in snapshot["items"]:
        item["kind_label"] = labels.get(item["kind"], item["kind"])
    return snapshot


def agenda_snapshot_json(*, conference: Conference, state: AgendaState | None = None) -> str:
    """The snapshot serialized once, sent as-is to every socket."""
    return json.dumps(
        agenda_snapshot(conference=conference, state=state),
        ensure_ascii=False,
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class AgendaWarning:
    code: str
    message: str
    item_id: int | None = None


def agenda_warnings(*, conference: Conference, items: list[AgendaItem]) -> list[AgendaWarning]:
    """Overlaps (a fixed start before the previous item ends) and a plan
    that runs past the conference's planned end."""
    warnings = []
    for previous, item in itertools.pairwise(items):
        if item.planned_start < previous.planned_end:
            warnings.append(
                AgendaWarning(
                    "overlap",
                    _("“%(title)s” starts at %(start)s, before “%(previous)s” ends at %(end)s.")
                    % {
                        "title": item.title,
                        "start": _hm(item.planned_start),
                        "previous": previous.title,
                        "end": _hm(previous.planned_end),
                    },
                    item.pk,
                )
            )
    if items and items[-1].planned_end > conference.ends_at:
        last = items[-1]
        warnings.append(
            AgendaWarning(
                "past_end",
                _(
                    "The agenda ends at %(end)s, after the planned end of the conference "
                    "(%(planned)s)."
                )
                % {"end": _hm(last.planned_end), "planned": _hm(conference.ends_at)},
                last.pk,
            )
        )
    return warnings


def agenda_copy_sources(*, conference: Conference) -> QuerySet[Conference]:
    """Earlier conferences of the same cluster that have an agenda."""
    return (
        Conference.objects.filter(
            term__cluster_id=conference.term.cluster_id,
            starts_at__lt=conference.starts_at,
            agenda_items__isnull=False,
        )
        .exclude(pk=conference.pk)
        .distinct()
        .order_by("-starts_at")
    )
