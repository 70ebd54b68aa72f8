"""The console's after-the-close part: the counting committee's paper
counts, merged into the tally, and an election's result written as next
year's cluster term. Also renders the console page itself, so a refused
paper count comes back with the numbers the committee typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.viewhelpers import apply_validation_error
from events import permissions
from events.forms.decisions import DecisionForm
from events.forms.paper import PaperCountsForm
from events.models import DecisionKind, Poll, PollStatus
from events.selectors.decisions import (
    checked_in_unit_delegates,
    decisions_for_console,
    paper_entry_facts,
)
from events.selectors.elections import election_state
from events.services.activity import ActivityMeta
from events.services.decisions import election_term_confirm, poll_paper_enter
from events.views.base import conference_view


def console_rows(conference, *, paper_form: PaperCountsForm | None = None) -> list[dict]:
    rows = decisions_for_console(conference)
    for row in rows:
        poll = row["current"]
        if poll is None or poll.status != PollStatus.CLOSED:
            continue
        if paper_form is not None and paper_form.poll.pk == poll.pk:
            row["paper_form"] = paper_form
        else:
            row["paper_form"] = PaperCountsForm(poll=poll)
        row.update(paper_entry_facts(poll))
        if poll.decision.kind == DecisionKind.ELECTION:
            row["election"] = election_state(poll)
    return rows


def render_console(request, conference, *, form=None, paper_form=None, status=200):
    return render(
        request,
        "events/decisions/console.html",
        {
            "conference": conference,
            "rows": console_rows(conference, paper_form=paper_form),
            "form": form or DecisionForm(conference=conference),
            "present": checked_in_unit_delegates(conference),
            "may_write_term": permissions.can_write_next_term(request.user, conference),
        },
        status=status,
    )


def _back(conference, poll):
    url = reverse("events:decisions", kwargs={"slug": conference.slug})
    return redirect(f"{url}#decision-{poll.decision_id}")


@conference_view(permissions.can_chair)
@require_POST
def poll_paper(request, conference, poll_id: int):
    poll = get_object_or_404(Poll, pk=poll_id, decision__conference=conference)
    form = PaperCountsForm(request.POST, poll=poll)
    if form.is_valid():
        try:
            poll_paper_enter(
                poll=poll,
                counts=form.counts(),
                reason=form.cleaned_data.get("reason", ""),
                meta=ActivityMeta.from_request(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Paper counts saved; the result now counts them."))
            return _back(conference, poll)
    return render_console(request, conference, paper_form=form, status=400)


@conference_view(permissions.can_write_next_term)
@require_POST
def poll_next_term(request, conference, poll_id: int):
    poll = get_object_or_404(Poll, pk=poll_id, decision__conference=conference)
    try:
        term = election_term_confirm(poll=poll, meta=ActivityMeta.from_request(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The %(year)s term is recorded: chair %(chair)s, deputy %(deputy)s.")
            % {"year": term.year, "chair": term.chair.name, "deputy": term.deputy.name},
        )
    return _back(conference, poll)
