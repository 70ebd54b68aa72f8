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
        announcement_max=agenda_live.ANNOUNCEMENT_MAX,
    )


def _expected_version(request) -> int | None:
    raw = request.POST.get("expected_version", "")
    return int(raw) if raw.isdigit() else None


def _minutes(request) -> int:
    raw = request.POST.get("minutes", "")
    return int(raw) if raw.lstrip("-").isdigit() else 0


ACTIONS = {
    "start-next": lambda c, r, v: agenda_live.agenda_start_next(conference=c, expected_version=v),
    "finish": lambda c, r, v: agenda_live.agenda_finish_current(conference=c, expected_version=v),
    "skip": lambda c, r, v: agenda_live.agenda_skip_next(conference=c, expected_version=v),
    "late": lambda c, r, v: agenda_live.agenda_shift(
        conference=c, minutes=_minutes(r), expected_version=v
    ),
    "announce": lambda c, r, v: agenda_live.agenda_announce(
        conference=c, text=r.POST.get("text", ""), expected_version=v
    ),
}


@require_POST
@conference_view(permissions.can_run_agenda)
def agenda_control(request, conference, action: str):
    """One chair action. Answers JSON (the console's fetch) or redirects back."""
    if action not in ACTIONS:
        raise Http404
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        ACTIONS[action](conference, request, _expected_version(request))
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
                {"ok": True, "snapshot": agenda_snapshot_labelled(conference=conference)}
            )
    return redirect(reverse("events:agenda_console", kwargs={"slug": conference.slug}))
