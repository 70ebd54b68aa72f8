"""The counting record of a closed round, for the chair: seal it, download
it as PDF (sealed, or a draft before) or DOCX. Its public check is the
verify page (``signing.views.public``), as for the covenant and the minutes."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from events import permissions
from events.models import Poll
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.exports.counting_docx import counting_docx
from signing.services.counting_seal import (
    LANGUAGE,
    counting_context_for,
    counting_pdf_bytes,
    counting_record_seal,
)
from signing.views.common import conference_view


def _poll(conference, poll_id) -> Poll:
    return get_object_or_404(Poll, pk=poll_id, decision__conference=conference)


def _console(conference):
    return redirect("events:decisions", slug=conference.slug)


def _refused(request, conference, error: SigningError):
    for message in error.messages:
        messages.error(request, message)
    return _console(conference)


@conference_view(permissions.can_chair)
@require_POST
def counting_seal(request, conference, poll_id: int):
    poll = _poll(conference, poll_id)
    try:
        counting_record_seal(
            poll=poll,
            number=request.POST.get("number", ""),
            meta=RequestMeta.from_request(request),
            base_url=request.build_absolute_uri("/"),
        )
    except SigningError as error:
        return _refused(request, conference, error)
    messages.success(request, _("The counting record is sealed."))
    return _console(conference)


@conference_view(permissions.can_chair)
def counting_pdf(request, conference, poll_id: int):
    poll = _poll(conference, poll_id)
    try:
        data = counting_pdf_bytes(poll=poll, base_url=request.build_absolute_uri("/"))
    except SigningError as error:
        return _refused(request, conference, error)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-kiem-phieu-{poll.pk}.pdf"'
    return response


@conference_view(permissions.can_chair)
def counting_docx_view(request, conference, poll_id: int):
    poll = _poll(conference, poll_id)
    try:
        context = counting_context_for(poll=poll)
    except SigningError as error:
        return _refused(request, conference, error)
    with override(LANGUAGE):
        data = counting_docx(context)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{poll.pk}.docx"'
    return response
