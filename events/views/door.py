"""The door desk for check-in staff: find a delegate, print their badge,
register a walk-in (a guest, or a replacement of an absent delegate)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import error_code
from core.viewhelpers import apply_validation_error
from events import permissions
from events.forms.walkins import DeskSearchForm, WalkInForm
from events.models import RegistrationStatus, WalkInKind, WalkInStatus
from events.names import split_full_name
from events.selectors import door as selectors
from events.services.activity import ActivityMeta
from events.services.checkin import checkin_list_main
from events.services.registrations import normalize_manual_code
from events.services.walkins import badge_printed, walkin_approve, walkin_decline, walkin_request
from events.views.base import conference_view


@conference_view(permissions.can_check_in)
def desk(request, conference):
    form = DeskSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    people = (
        selectors.desk_search(
            conference=conference, query=query, manual_code=normalize_manual_code(query)
        )
        if query
        else []
    )
    user = request.user
    return render(
        request,
        "events/door/desk.html",
        {
            "conference": conference,
            "form": form,
            "query": query,
            "people": people,
            "walkins": selectors.walkins_recent(conference=conference),
            "can_print": permissions.can_print_badge(user, conference),
            "can_walkin": permissions.can_register_walkin(user, conference),
            "can_approve": permissions.can_approve_walkin(user, conference),
        },
    )


@conference_view(permissions.can_print_badge)
def badge(request, conference, pk):
    """One A6 badge, opened in the phone's PDF viewer to print; audited."""
    from events.exports.badges_pdf import badges_pdf

    registration = selectors.registration_for_desk(conference=conference, pk=pk)
    if registration is None:
        raise Http404
    if registration.status != RegistrationStatus.APPROVED:
        messages.error(
            request,
            _("%(name)s is not approved: no badge can be printed.")
            % {"name": registration.full_name},
        )
        return redirect("events:door_desk", slug=conference.slug)
    pdf = badges_pdf(conference=conference, registrations=[registration], layout="a6")
    badge_printed(registration=registration, meta=ActivityMeta.from_request(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="the-{registration.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@conference_view(permissions.can_register_walkin)
def walkin_new(request, conference):
    replaces = None
    raw = request.GET.get("replaces") or request.POST.get("replaces")
    if raw:
        replaces = (
            selectors.registration_for_desk(conference=conference, pk=int(raw))
            if raw.isdigit()
            else None
        )
        if replaces is None:
            raise Http404
    form = WalkInForm(request.POST or None, conference=conference, replacement=bool(replaces))
    may_approve = permissions.can_approve_walkin(request.user, conference)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        family, middle, given = split_full_name(data["full_name"])
        person = {
            "family_name": family,
            "middle_name": middle,
            "given_name": given,
            "title": data["title"],
            "organization": data.get("organization", ""),
            "phone": data["phone"],
        }
        try:
            walkin = walkin_request(
                conference=conference,
                kind=WalkInKind.REPLACEMENT if replaces else WalkInKind.GUEST,
                person=person,
                role=data.get("role"),
                replaces=replaces,
                checkin_list=checkin_list_main(conference=conference),
                approve=may_approve,
                meta=ActivityMeta.from_request(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            if error_code(error) in {"walkin_replaced_present", "walkin_replaced_inactive"}:
                replaces = None
        else:
            if walkin.status == WalkInStatus.APPROVED:
                messages.success(
                    request, _("%(name)s is registered and checked in.") % {"name": walkin}
                )
            else:
                messages.info(
                    request,
                    _("%(name)s is waiting for an organizer's approval.") % {"name": walkin},
                )
            return redirect("events:door_desk", slug=conference.slug)
    return render(
        request,
        "events/door/walkin_form.html",
        {
            "conference": conference,
            "form": form,
            "replaces": replaces,
            "may_approve": may_approve,
        },
        status=400 if form.errors else 200,
    )


def _walkin(conference, pk):
    walkin = selectors.walkin_get(conference=conference, pk=pk)
    if walkin is None:
        raise Http404
    return walkin


@conference_view(permissions.can_approve_walkin)
@require_POST
def walkin_approve_view(request, conference, pk):
    try:
        walkin = walkin_approve(
            walkin=_walkin(conference, pk), meta=ActivityMeta.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is registered and checked in.") % {"name": walkin})
    return redirect("events:door_desk", slug=conference.slug)


@conference_view(permissions.can_approve_walkin)
@require_POST
def walkin_decline_view(request, conference, pk):
    try:
        walkin = walkin_decline(
            walkin=_walkin(conference, pk), meta=ActivityMeta.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Walk-in %(name)s declined.") % {"name": walkin})
    return redirect("events:door_desk", slug=conference.slug)
