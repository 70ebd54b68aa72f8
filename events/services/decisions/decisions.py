"""Preparing a decision: what the meeting will vote on."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import field_error
from events.models import AgendaItem, Conference, MemberUnit
from events.models.decisions import Decision, DecisionKind
from events.names import clean_text
from events.services.activity import activity_record
from events.services.decisions.polls import poll_create


def decision_create(
    *,
    conference: Conference,
    kind: str,
    title: str,
    secret: bool = False,
    max_choices: int = 1,
    quota: int | None = None,
    agenda_item: AgendaItem | None = None,
    excluded: list[MemberUnit] | tuple = (),
    actor=None,
) -> Decision:
    """A decision with its first round ready to open. For an award the
    ballot lists the member units minus ``excluded``; an election the
    rotation's slate; a motion one line."""
    title = clean_text(title)
    if not title:
        raise field_error("title", _("Give the decision a title."), "title_required")
    if kind not in DecisionKind.values:
        raise field_error("kind", _("Choose what is decided."), "bad_kind")
    if agenda_item is not None and agenda_item.conference_id != conference.pk:
        raise field_error("agenda_item", _("This item is of another conference."), "foreign_item")
    if not 1 <= max_choices <= 100 or (quota is not None and not 1 <= quota <= 100):
        raise field_error("max_choices", _("Choose a number from 1 to 100."), "bad_number")
    with transaction.atomic():
        decision = Decision.objects.create(
            conference=conference,
            kind=kind,
            title=title[:300],
            secret=secret,
            max_choices=max_choices if kind != DecisionKind.ADOPT else 1,
            quota=quota,
            agenda_item=agenda_item,
            position=conference.decisions.count() + 1,
        )
        candidates = None
        if kind == DecisionKind.AWARD and excluded:
            skip = {u.pk for u in excluded}
            members = sorted(conference.term.members.all(), key=lambda u: u.sort_key)
            candidates = [{"label": u.name, "unit": u} for u in members if u.pk not in skip]
        activity_record(
            conference=conference,
            actor=actor,
            action="decision.created",
            obj=decision,
            data={"kind": kind, "secret": secret},
        )
        poll_create(decision=decision, candidates=candidates, actor=actor)
    return decision
