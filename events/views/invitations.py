"""Invitation letters: the organizer's page (settings, one row per invitee
with its liaison and email), a PDF preview and a DOCX per invitee, and all
letters as one PDF or as a ZIP of DOCX files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.viewhelpers import apply_validation_error
from events import permissions
from events.exports import invitations as exports
from events.forms.invitations import InvitationSetupForm
from events.models import MemberUnit
from events.selectors import invitations as selectors
from events.services.activity import ActivityMeta
from events.services.invitations import invitation_missing, invitation_setup_update
from events.views.base import conference_view
from events.views.mailings import new_key

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {"pdf": "application/pdf", "docx": DOCX, "zip": "application/zip"}


def manage(view):
    return login_required(conference_view(permissions.can_manage_invitations)(view))


def _file(body: bytes, ext: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type=TYPES[ext])
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request, conference, error: DomainError):
    messages.error(request, error.text)
    return redirect("events:invitation_list", slug=conference.slug)


@manage
def invitation_list(request, conference):
    setup = selectors.invitation_setup_for(conference=conference)
    form = InvitationSetupForm(request.POST or None, instance=setup)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            invitation_setup_update(
                conference=conference, meta=ActivityMeta.from_request(request), **data
            )
        except DomainError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Invitation settings saved."))
            return redirect("events:invitation_list", slug=conference.slug)
    rows = selectors.invitation_rows(conference=conference, setup=setup)
    missing = [str(setup._meta.get_field(name).verbose_name) for name in invitation_missing(setup)]
    return render(
        request,
        "events/invitations/list.html",
        {
            "conference": conference,
            "form": form,
            "setup": setup,
            "rows": rows,
            "missing": missing,
            "without_email": sum(1 for row in rows if row.invitee.unit and not row.can_email),
            "emailable": sum(1 for row in rows if row.can_email),
            "can_send": permissions.can_send_mailings(request.user, conference),
            "mail_key": new_key(),
        },
        status=400 if form.errors else 200,
    )


def _invitee(conference, key: str):
    number = int(key[1:])
    if key[0] == "u":
        unit = MemberUnit.objects.filter(pk=number).first()
        invitee = unit and selectors.invitee_for_unit(conference=conference, unit=unit)
    else:
        invitee = selectors.invitee_for_guest(conference=conference, index=number)
    if not invitee:
        raise Http404
    return invitee


@manage
def invitation_file(request, conference, key, ext):
    """One letter: the PDF opens in the browser (preview), the DOCX downloads."""
    invitee = _invitee(conference, key)
    build = exports.invitation_pdf if ext == "pdf" else exports.invitation_docx
    try:
        body = build(conference, invitee)
    except DomainError as error:
        return _refused(request, conference, error)
    filename = exports.invitation_filename(conference, invitee, ext)
    return _file(body, ext, filename, inline=ext == "pdf")


@manage
def invitations_all_pdf(request, conference):
    try:
        body = exports.invitations_pdf(conference)
    except DomainError as error:
        return _refused(request, conference, error)
    return _file(body, "pdf", f"giay-moi-{conference.slug}.pdf")


@manage
def invitations_all_docx(request, conference):
    try:
        body = exports.invitations_docx_zip(conference)
    except DomainError as error:
        return _refused(request, conference, error)
    return _file(body, "zip", f"giay-moi-{conference.slug}-docx.zip")
