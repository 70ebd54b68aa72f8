"""The chair's decisions console (prepare, open, close, a new round, add a
late unit, paper ballots) and the projector's vote screen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.viewhelpers import apply_validation_error
from events import permissions
from events.exports.ballots_pdf import paper_ballots_pdf
from events.forms.decisions import DecisionForm
from events.models import Poll
from events.selectors.registrations import registration_chosen
from events.services import decisions as services
from events.tally import Outcome
from events.views.base import conference_view
from events.views.decisions_paper import render_console


def _back(conference):
    return redirect(reverse("events:decisions", kwargs={"slug": conference.slug}))


@conference_view(permissions.can_chair)
def decisions_console(request, conference):
    form = DecisionForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_create(
                conference=conference,
                kind=data["kind"],
                title=data["title"],
                secret=data["secret"],
                max_choices=data["max_choices"],
                quota=data["quota"],
                agenda_item=data["agenda_item"],
                excluded=list(data["excluded"] or ()),
                actor=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _back(conference)
    return render_console(request, conference, form=form)


def _add_voter(poll, request):
    registration = registration_chosen(
        conference=poll.decision.conference, raw=request.POST.get("registration", "")
    )
    return services.poll_voter_add(
        poll=poll,
        registration=registration,
        proxy_note=request.POST.get("proxy_note", ""),
        actor=request.user,
    )


ACTIONS = {
    "open": lambda poll, request: services.poll_open(poll=poll, actor=request.user),
    "close": lambda poll, request: services.poll_close(poll=poll, actor=request.user),
    "round": lambda poll, request: services.poll_create(decision=poll.decision, actor=request.user),
    "add": lambda poll, request: _add_voter(poll, request),
}  # fmt: skip


@conference_view(permissions.can_chair)
@require_POST
def poll_action(request, conference, poll_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    poll = get_object_or_404(Poll, pk=poll_id, decision__conference=conference)
    try:
        ACTIONS[action](poll, request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(conference)


@conference_view(permissions.can_chair)
def poll_paper_ballots(request, conference, poll_id: int):
    poll = get_object_or_404(Poll, pk=poll_id, decision__conference=conference)
    raw = request.GET.get("copies", "")
    default = max(poll.voters.count(), conference.term.members.count())
    copies = int(raw) if raw.isdigit() and len(raw) <= 4 else default
    response = HttpResponse(
        paper_ballots_pdf(poll=poll, copies=copies), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="phieu-{poll.pk}.pdf"'
    return response


@conference_view(permissions.can_view_agenda)
def decisions_screen(request, conference):
    labels = {
        "progress": _("%(voted)s of %(entitled)s have voted"),
        "secret": _("Secret ballot"),
        "open": _("Open vote"),
        **{outcome.value: outcome.label for outcome in Outcome},
        "agree": _("Agree"),
        "totals": _("Entitled %(e)s, ballots collected %(c)s, valid %(v)s."),
        "small": _("Fewer than five voters: the tally itself may show how each voted."),
        "live": _("Live"),
        "reconnecting": _("Reconnecting…"),
        "wait": _("Waiting for the chair to open a vote…"),
    }
    return render(
        request, "events/decisions/screen.html", {"conference": conference, "labels": labels}
    )
