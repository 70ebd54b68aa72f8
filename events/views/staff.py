"""A conference's staff: organizers (named by site admins), chairs, check-in
staff and unit liaisons (invited by organizers)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.viewhelpers import apply_validation_error
from events import permissions, selectors
from events.forms import InviteForm
from events.services import staff as staff_services
from events.services.activity import ActivityMeta
from events.views.base import conference_view


def _invite_form(request, conference, data=None):
    roles = permissions.roles_user_may_invite(request.user, conference)
    units = conference.term.members.select_related("province").order_by("sort_key")
    return InviteForm(data, roles=roles, units=units)


@conference_view(permissions.can_manage_conference)
def conference_staff(request, conference):
    form = _invite_form(request, conference, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                staff_services.staff_invite(
                    conference=conference,
                    invited_by=request.user,
                    meta=ActivityMeta.from_request(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("events:conference_staff", slug=conference.slug)
        status = 400
    return render(
        request,
        "events/conference_staff.html",
        {
            "conference": conference,
            "memberships": selectors.conference_staff(conference=conference),
            "form": form,
        },
        status=status,
    )


@conference_view(permissions.can_manage_conference)
@require_POST
def conference_staff_remove(request, conference, pk):
    membership = get_object_or_404(conference.memberships, pk=pk)
    if membership.role not in permissions.roles_user_may_invite(request.user, conference):
        raise PermissionDenied
    staff_services.staff_remove(membership=membership, meta=ActivityMeta.from_request(request))
    messages.success(request, _("Removed %(email)s.") % {"email": membership.user.email})
    return redirect("events:conference_staff", slug=conference.slug)
