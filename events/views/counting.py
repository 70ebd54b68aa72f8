"""The counting committee of a decision (Ban kiểm phiếu): the chair seats
and removes its members, one of them its head."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from events import permissions
from events.models import CountingMember, Decision
from events.selectors.counting import committee_choices, counting_committee
from events.selectors.registrations import registration_chosen
from events.services import decisions as services
from events.views.base import conference_view


def _back(conference, decision):
    return redirect("events:counting_committee", slug=conference.slug, decision_id=decision.pk)


@conference_view(permissions.can_chair)
def committee_page(request, conference, decision_id: int):
    decision = get_object_or_404(Decision, pk=decision_id, conference=conference)
    members = counting_committee(decision)
    return render(
        request,
        "events/decisions/committee.html",
        {
            "conference": conference,
            "decision": decision,
            "members": members,
            "has_head": any(m.is_head for m in members),
            "choices": committee_choices(decision),
        },
    )


@conference_view(permissions.can_chair)
@require_POST
def committee_add(request, conference, decision_id: int):
    decision = get_object_or_404(Decision, pk=decision_id, conference=conference)
    try:
        registration = registration_chosen(
            conference=conference, raw=request.POST.get("registration", "")
        )
        services.counting_member_add(
            decision=decision,
            registration=registration,
            is_head=request.POST.get("head") == "1",
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(conference, decision)


@conference_view(permissions.can_chair)
@require_POST
def committee_remove(request, conference, decision_id: int, member_id: int):
    decision = get_object_or_404(Decision, pk=decision_id, conference=conference)
    member = get_object_or_404(CountingMember, pk=member_id, decision=decision)
    services.counting_member_remove(member=member, actor=request.user)
    return _back(conference, decision)
