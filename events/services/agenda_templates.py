"""Agendas that do not start from a blank page: the typical order of a
cluster conference (domain notes) and a copy of an earlier conference."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from core.errors import DomainError
from events.models import (
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    Conference,
    ConferenceKind,
)
from events.services.agenda import agenda_commit, agenda_lock, agenda_recompute


@dataclass(frozen=True)
class Step:
    kind: str
    title: str
    minutes: int
    only_for: tuple[str, ...] = ()


# The typical half-day order (domain notes, "A typical half-day agenda").
STARTER_STEPS = [
    Step(AgendaItemKind.WELCOME, gettext_lazy("Welcome and seating of delegates"), 15),
    Step(
        AgendaItemKind.OPENING, gettext_lazy("Opening statement and introduction of delegates"), 10
    ),
    Step(AgendaItemKind.OPENING, gettext_lazy("Opening speech of the chair"), 10),
    Step(AgendaItemKind.REPORT, gettext_lazy("Report of the cluster"), 20),
    Step(
        AgendaItemKind.ADOPTION,
        gettext_lazy("Adoption of the rules, plan, covenant text and scoring sheet"),
        15,
    ),
    Step(AgendaItemKind.CONTRIBUTIONS, gettext_lazy("Contributions of the member units"), 7),
    Step(
        AgendaItemKind.BALLOT,
        gettext_lazy("Ballot on award proposals and election of the next chair and deputy"),
        30,
        only_for=(ConferenceKind.YEAREND_REVIEW,),
    ),
    Step(AgendaItemKind.GUEST_SPEECH, gettext_lazy("Speech of the higher-level guest"), 15),
    Step(
        AgendaItemKind.COVENANT_SIGNING,
        gettext_lazy("Signing of the emulation covenant"),
        15,
        only_for=(ConferenceKind.COVENANT_SIGNING, ConferenceKind.MIDYEAR_REVIEW),
    ),
    Step(AgendaItemKind.CLOSING, gettext_lazy("Closing and adoption of the minutes"), 10),
]


def _ensure_replaceable(conference: Conference) -> None:
    if conference.agenda_items.exclude(status=AgendaItemStatus.PLANNED).exists():
        raise DomainError(
            _("The meeting has started; its agenda can no longer be replaced."),
            code="agenda_started",
        )


@transaction.atomic
def agenda_load_starter(*, conference: Conference) -> list[AgendaItem]:
    """Replace the agenda with the typical order, in the conference's language."""
    state = agenda_lock(conference=conference)
    _ensure_replaceable(conference)
    conference.agenda_items.all().delete()
    units = conference.term.members.count()
    with override("vi"):
        steps = [s for s in STARTER_STEPS if not s.only_for or conference.kind in s.only_for]
        AgendaItem.objects.bulk_create(
            AgendaItem(
                conference=conference,
                position=position,
                kind=step.kind,
                title=str(step.title),
                duration_minutes=step.minutes * (units or 1)
                if step.kind == AgendaItemKind.CONTRIBUTIONS
                else step.minutes,
                planned_start=conference.starts_at,
            )
            for position, step in enumerate(steps, start=1)
        )
    items = agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
    return items


def _same_time_of_day(moment: datetime, source: Conference, target: Conference) -> datetime:
    shift = (
        timezone.localtime(target.starts_at).date() - timezone.localtime(source.starts_at).date()
    )
    return moment + shift


@transaction.atomic
def agenda_copy_from(*, conference: Conference, source: Conference) -> list[AgendaItem]:
    """Replace the agenda with a copy of an earlier conference of the same
    cluster: kinds, titles, durations, fixed times (on this day), presenting
    units that are still members and free-text presenters. People are not
    copied: they are registrations of the other conference."""
    if (
        source.pk == conference.pk
        or source.term.cluster_id != conference.term.cluster_id
        or source.starts_at >= conference.starts_at
    ):
        raise DomainError(
            _("Copy only from an earlier conference of the same cluster."),
            code="bad_source",
        )
    state = agenda_lock(conference=conference)
    _ensure_replaceable(conference)
    members = set(conference.term.members.values_list("pk", flat=True))
    conference.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            conference=conference,
            position=item.position,
            kind=item.kind,
            title=item.title,
            duration_minutes=item.duration_minutes,
            pinned_start=_same_time_of_day(item.pinned_start, source, conference)
            if item.pinned_start
            else None,
            planned_start=conference.starts_at,
            presenter_unit_id=item.presenter_unit_id if item.presenter_unit_id in members else None,
            presenter_text=item.presenter_text,
            notes=item.notes,
        )
        for item in source.agenda_items.order_by("position")
    )
    items = agenda_recompute(conference=conference)
    agenda_commit(conference=conference, state=state)
    return items
