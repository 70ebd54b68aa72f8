"""Reads of the agenda for machines: polling JSON (with ETag), PDF, ICS."""

from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import get_language
from django_ratelimit.decorators import ratelimit

from events import permissions
from events.exports.agenda_ics import agenda_ics
from events.exports.agenda_pdf import agenda_pdf
from events.selectors.agenda import (
    agenda_items,
    agenda_snapshot_labelled,
    agenda_state,
    agenda_version,
)
from events.views.base import conference_view


def _etag(conference, version: int) -> str:
    """Changes with the agenda, the conference's status and the language of
    the labels."""
    return f'"agenda-{conference.pk}-{version}-{conference.status}-{get_language()}"'


@conference_view(permissions.can_view_agenda)
def agenda_api(request, conference):
    """The polling fallback: ``{"version": N, "items": [...]}``; 304 when unchanged.

    Items also carry ``kind_label`` in the request's language (Vietnamese
    unless the ``django_language`` cookie says otherwise)."""
    etag = _etag(conference, agenda_version(conference=conference))
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        state = agenda_state(conference=conference)
        response = JsonResponse(
            agenda_snapshot_labelled(conference=conference, state=state),
            json_dumps_params={"ensure_ascii": False},
        )
        etag = _etag(conference, state.version)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@ratelimit(group="agenda_pdf", key="ip", rate="core.http.public_rate")
@conference_view(permissions.can_view_agenda)
def agenda_pdf_view(request, conference):
    pdf = agenda_pdf(conference=conference, items=list(agenda_items(conference=conference)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{conference.slug}.pdf"'
    return response


@conference_view(permissions.can_view_agenda)
def agenda_ics_view(request, conference):
    ics = agenda_ics(
        conference=conference,
        items=list(agenda_items(conference=conference)),
        version=agenda_state(conference=conference).version,
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{conference.slug}.ics"'
    return response
