"""Live agenda pages: delegate phone view, big screen, chair console and its
one-tap actions (authenticated HTTP; the socket is read-only)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import error_code
from events import permissions
from events.selectors.agenda import agenda_kind_labels, agenda_snapshot_labelled
from events.selectors.documents import documents_by_item, pass_holder
from events.services import agenda_live
from events.services.activity import ActivityMeta
from events.views.base import conference_view


def js_labels() -> dict:
    """Texts the live script needs, in the page's language (same msgids as
    templates/events/agenda/_item.html). The socket's snapshot carries codes
    only; ``kinds`` maps an item's kind code to its label."""
    return {
        "kinds": agenda_kind_labels(),
        "live": _("Live"),
        "reconnecting": _("Reconnecting…"),
        "polling": _("Updating every few seconds"),
        "connecting": _("Connecting…"),
        "running": _("Now · started %(at)s"),
        "done": _("Done %(start)s–%(end)s"),
        "skipped": _("Skipped"),
        "moved": _("Moved %(minutes)s min later"),
        "error": _("The action failed; check your connection and try again."),
        # One form for both counts: the script fills in %(n)s.
        "documents": ngettext("Documents (%(n)s)", "Documents (%(n)s)", 2),
        "delay": _("Running %(minutes)s min late"),
        "on_time": _("On time"),
        "remaining": _("%(time)s left"),
        "overrun": _("%(time)s over time"),
    }


def _page(request, conference, template: str, **extra):
    snapshot = agenda_snapshot_labelled(conference=conference)
    return render(
        request,
        template,
        {
            "conference": conference,
            "snapshot": snapshot,
            "items": snapshot["items"],
            "labels": js_labels(),
            "time_zone": settings.TIME_ZONE,
            "can_run": permissions.can_run_agenda(request.user, conference),
            "can_edit": permissions.can_edit_agenda(request.user, conference),
            **extra,
        },
    )


def agenda_documents(request, conference) -> dict[int, dict]:
    """Per agenda item, its published documents for a reader who may see
    them (``{}`` for anyone else: no titles, no counts)."""
    holder = pass_holder(session=request.session, conference=conference)
    if not permissions.can_read_documents(request.user, conference, pass_holder=holder):
        return {}
    list_url = reverse("events:document_list", kwargs={"slug": conference.slug})
    return {
        item_id: {
            "url": f"{list_url}#item-{item_id}",
            "docs": [
                {
                    "title": document.title,
                    "url": reverse(
                        "events:document_read",
                        kwargs={"slug": conference.slug, "pk": document.pk},
                    ),
                }
                for document in documents
            ],
        }
        for item_id, documents in documents_by_item(conference=conference).items()
    }


@conference_view(permissions.can_view_agenda)
def agenda_live_view(request, conference):
    documents = agenda_documents(request, conference)
    snapshot = agenda_snapshot_labelled(conference=conference)
    items = [dict(item, documents=documents.get(item["id"])) for item in snapshot["items"]]
    return _page(request, conference, "events/agenda/live.html", items=items, documents=documents)


@conference_view(permissions.can_view_agenda)
def agenda_screen(request, conference):
    return _page(request, conference, "events/agenda/screen.html")


@conference_view(permissions.can_run_agenda)
def agenda_console(request, conference):
    return _page(
        request,
        conference,
        "events/agenda/console.html",
        late_steps=agenda_live.LATE_STEPS,
        earlier_steps=agenda_live.EARLIER_STEPS,
        announcement_max=agenda_live.ANNOUNCEMENT_MAX,
        can_undo=agenda_live.agenda_last_shift(conference=conference) is not None,
    )


def _expected_version(request) -> int | None:
    raw = request.POST.get("expected_version", "")
    return int(raw) if raw.isdigit() else None


def _minutes(request) -> int:
    raw = request.POST.get("minutes", "")
    return int(raw) if raw.lstrip("-").isdigit() else 0


def _delay_message(conference) -> str:
    delay = agenda_snapshot_labelled(conference=conference)["delay"]
    if delay:
        return _("Running %(minutes)s min late in total.") % {"minutes": delay}
    return _("Back on time.")


def _shifted(moved: int, minutes: int, conference) -> str:
    if minutes > 0:
        text = _("%(count)s item(s) moved %(minutes)s min later.")
    else:
        text = _("%(count)s item(s) moved %(minutes)s min earlier.")
    return text % {"count": moved, "minutes": abs(minutes)} + " " + _delay_message(conference)


def _late(c, r, v, meta):
    minutes = _minutes(r)
    moved = agenda_live.agenda_shift(conference=c, minutes=minutes, expected_version=v, meta=meta)
    return _shifted(moved, minutes, c)


def _earlier(c, r, v, meta):
    minutes = _minutes(r)
    moved = agenda_live.agenda_shift_earlier(
        conference=c, minutes=minutes, expected_version=v, meta=meta
    )
    return _shifted(moved, -minutes, c)


def _undo(c, r, v, meta):
    entry = agenda_live.agenda_shift_undo(conference=c, expected_version=v, meta=meta)
    undone = -entry.data["minutes"]
    if undone < 0:
        text = _("Took back the −%(minutes)s min.")
    else:
        text = _("Took back the +%(minutes)s min.")
    return text % {"minutes": abs(undone)} + " " + _delay_message(c)


def _silent(service, **fields):
    """An action whose new state shows by itself (no feedback line)."""

    def act(conference, request, version, meta) -> str:
        extra = {name: request.POST.get(field, "") for name, field in fields.items()}
        service(conference=conference, expected_version=version, meta=meta, **extra)
        return ""

    return act


ACTIONS = {
    "start-next": _silent(agenda_live.agenda_start_next),
    "finish": _silent(agenda_live.agenda_finish_current),
    "skip": _silent(agenda_live.agenda_skip_next),
    "late": _late,
    "earlier": _earlier,
    "undo": _undo,
    "announce": _silent(agenda_live.agenda_announce, text="text"),
}


@require_POST
@conference_view(permissions.can_run_agenda)
def agenda_control(request, conference, action: str):
    """One chair action. Answers JSON (the console's fetch) or redirects back."""
    if action not in ACTIONS:
        raise Http404
    wants_json = "application/json" in request.headers.get("Accept", "")
    meta = ActivityMeta.from_request(request)
    try:
        feedback = ACTIONS[action](conference, request, _expected_version(request), meta)
    except ValidationError as error:
        code = error_code(error)
        if wants_json:
            return JsonResponse(
                {"ok": False, "code": code, "message": " ".join(error.messages)}, status=409
            )
        messages.error(request, " ".join(error.messages))
    else:
        if wants_json:
            return JsonResponse(
                {
                    "ok": True,
                    "message": feedback,
                    "can_undo": agenda_live.agenda_last_shift(conference=conference) is not None,
                    "snapshot": agenda_snapshot_labelled(conference=conference),
                }
            )
        if feedback:
            messages.success(request, feedback)
    return redirect(reverse("events:agenda_console", kwargs={"slug": conference.slug}))
