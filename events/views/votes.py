"""The delegate's ballot on a phone, its submission, and the published
receipts of a closed secret poll."""

import base64
import binascii

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import error_code
from core.http import ApiError, json_object
from events import permissions
from events.models import Poll, PollStatus
from events.selectors.decisions import ballot_lines, open_poll_for
from events.selectors.registrations import registration_for_user
from events.services.decisions import ballot_cast_open, ballot_cast_secret
from events.tally import rule_of
from events.views.base import conference_view

MAX_BALLOT_BODY = 4096


def _labels() -> dict:
    return {
        "count": _("Agree: %(yes)s of at most %(max)s."),
        "progress": _("%(voted)s of %(entitled)s have voted"),
        "closed": _("The vote is closed. The result is on the big screen."),
        "confirm_yes": _("You agree with: %(names)s."),
        "confirm_none": _("You agree with no line."),
        "confirm_final": _("Cast this ballot? It cannot be changed afterwards."),
        "error": _("The ballot was refused; nothing was counted."),
        "offline": _("No connection: the ballot was not sent yet. Tap the button again."),
        "no_crypto": _("This browser cannot encrypt a secret ballot. Ask for a paper ballot."),
        "no_receipt": _("Voted"),
    }


@conference_view(permissions.can_vote)
def vote_page(request, conference):
    registration = registration_for_user(conference=conference, user=request.user)
    found = open_poll_for(registration) if registration else None
    context = {"conference": conference, "poll": None, "labels": _labels()}
    if found:
        poll, voter = found
        context.update(
            poll=poll,
            voter=voter,
            candidates=ballot_lines(poll, voter),
            rule_words=rule_of(poll.rule).words(),
            max_choices=poll.rule.get("max_choices") or 1,
        )
    response = render(request, "events/decisions/vote.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@conference_view(permissions.can_vote)
@require_POST
def ballot_submit(request, conference, poll_id: int):
    poll = Poll.objects.filter(pk=poll_id, decision__conference=conference).first()
    if poll is None:
        raise ApiError(404, "unknown_poll", _("There is no such vote."))
    registration = registration_for_user(conference=conference, user=request.user)
    data = json_object(
        request, max_bytes=MAX_BALLOT_BODY, fields={"choices": (dict,), "ciphertext": (str,)}
    )
    try:
        if poll.secret:
            try:
                ciphertext = base64.b64decode(data.get("ciphertext", ""), validate=True)
            except (binascii.Error, ValueError):
                raise ApiError(400, "bad_ballot", _("This ballot is not well formed.")) from None
            result = ballot_cast_secret(poll=poll, registration=registration, ciphertext=ciphertext)
        else:
            result = ballot_cast_open(
                poll=poll, registration=registration, choices=data.get("choices")
            )
    except ValidationError as error:
        code = error_code(error)
        status = 409 if code in ("poll_closed", "poll_not_open") else 400
        raise ApiError(status, code, error.messages[0]) from None
    return JsonResponse({"result": "ok", "created": result.created, "receipt": result.receipt})


@conference_view(permissions.can_view_agenda)
def poll_receipts(request, conference, poll_id: int):
    """After the close of a secret poll: every receipt with its ballot, in
    receipt order, so each unit finds its own; nothing says whose."""
    poll = get_object_or_404(Poll, pk=poll_id, decision__conference=conference, secret=True)
    if poll.status != PollStatus.CLOSED:
        raise Http404
    candidates = list(poll.candidates.all())
    ballots = [
        {
            "receipt": b.receipt,
            "valid": b.valid,
            "agreed": [c.label for c in candidates if b.choices.get(str(c.pk))],
        }
        for b in poll.counted_ballots.all()
    ]
    return render(
        request,
        "events/decisions/receipts.html",
        {"conference": conference, "poll": poll, "ballots": ballots},
    )
