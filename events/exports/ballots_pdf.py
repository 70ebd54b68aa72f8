"""Paper ballots for any poll (the fallback when phones fail), always in
Vietnamese: one ballot per page, every candidate on it however many."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core.pdf import render_pdf
from events.models import DecisionKind, Poll

MAX_COPIES = 500


def _texts(poll: Poll) -> dict:
    decision = poll.decision
    most = poll.rule.get("max_choices") or decision.max_choices
    if decision.kind == DecisionKind.ADOPT:
        return {
            "kind_title": _("Voting ballot"),
            "line_heading": _("Matter to adopt"),
            "instructions": _(
                "Tick one box. A ballot with both boxes ticked, or marked, is invalid."
            ),
        }
    if decision.kind == DecisionKind.ELECTION:
        title = _("Election ballot")
    else:
        title = _("Nomination ballot")
    return {
        "kind_title": title,
        "line_heading": _("Unit"),
        "instructions": ngettext(
            "Tick one box on each line; agree with at most %(count)s unit. A ballot that agrees "
            "with more, adds a name or is marked is invalid.",
            "Tick one box on each line; agree with at most %(count)s units. A ballot that agrees "
            "with more, adds a name or is marked is invalid.",
            most,
        )
        % {"count": most},
    }


def paper_ballots_pdf(*, poll: Poll, copies: int) -> bytes:
    copies = max(1, min(int(copies), MAX_COPIES))
    with override("vi"):
        context = {
            "poll": poll,
            "decision": poll.decision,
            "conference": poll.decision.conference,
            "candidates": list(poll.candidates.all()),
            "copies": range(copies),
            **_texts(poll),
        }
        return render_pdf("events/decisions/pdf/ballot.html", context)
