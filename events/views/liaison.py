"""Unit liaisons: the organizer names them; each registers their own unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.qr import qr_svg
from core.viewhelpers import apply_validation_error
from events import permissions
from events.forms.registrations import LiaisonInviteForm
from events.selectors import registrations as selectors
from events.selectors.mailings import latest_pass_deliveries
from events.services import registrations as services
from events.services.activity import ActivityMeta
from events.services.liaisons import liaison_invite, liaison_link
from events.views.base import conference_view
from events.views.registrations import registration_form_view


def _unit_or_404(conference, unit_id):
    unit = conference.term.members.select_related("province").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _liaison_context(request, conference, unit):
    delegation = list(selectors.unit_delegation(conference=conference, unit=unit))
    ids = [r.pk for r in delegation]
    sent = latest_pass_deliveries(conference=conference, registration_ids=ids)
    for registration in delegation:
        registration.pass_delivery = sent.get(registration.pk)
    places = services.quota_for_unit(conference, unit)
    used = sum(
        1 for r in delegation if r.role.counts_toward_quota and r.status in services.ACTIVE_STATUSES
    )
    policy = services.policy_for(conference)
    return {
        "conference": conference,
        "unit": unit,
        "delegation": delegation,
        "places": places,
        "used": used,
        "full": places is not None and used >= places,
        "policy": policy,
        "closed": services.deadline_passed(conference),
        "is_organizer": permissions.can_manage_registrations(request.user, conference),
    }


@login_required
@conference_view()
def liaison_unit(request, conference, unit_id):
    """The liaison's page: their unit's delegation, and a form to add someone."""
    unit = _unit_or_404(conference, unit_id)
    if not permissions.can_register_for_unit(request.user, conference, unit.pk):
        raise PermissionDenied
    context = _liaison_context(request, conference, unit)
    if context["closed"] and not context["is_organizer"]:
        return render(request, "events/registrations/liaison_unit.html", context)
    return registration_form_view(
        request,
        conference,
        fixed_unit=unit,
        by_liaison=not context["is_organizer"],
        template="events/registrations/liaison_unit.html",
        extra=context,
        success_url=reverse(
            "events:liaison_unit", kwargs={"slug": conference.slug, "unit_id": unit.pk}
        ),
    )


@login_required
@conference_view()
def liaison_edit(request, conference, unit_id, pk):
    unit = _unit_or_404(conference, unit_id)
    registration = get_object_or_404(
        conference.registrations.select_related("role"), pk=pk, unit=unit
    )
    if not permissions.can_edit_registration(request.user, registration):
        raise PermissionDenied
    context = _liaison_context(request, conference, unit)
    back = reverse("events:liaison_unit", kwargs={"slug": conference.slug, "unit_id": unit.pk})
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            services.registration_withdraw(
                registration=registration,
                by_liaison=not context["is_organizer"],
                by=request.user,
                meta=ActivityMeta.from_request(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Withdrew %(name)s.") % {"name": registration.full_name})
        return redirect(back)
    context["back"] = back
    return registration_form_view(
        request,
        conference,
        registration=registration,
        fixed_unit=unit,
        by_liaison=not context["is_organizer"],
        template="events/registrations/liaison_edit.html",
        extra=context,
        success_url=back,
    )


@login_required
@conference_view(permissions.can_manage_registrations)
def liaison_list(request, conference):
    """One row per member unit: its liaison(s), invite form, hand-over QR."""
    liaisons = selectors.liaisons_by_unit(conference=conference)
    counts = {
        unit.pk if unit else None: row
        for unit, row in selectors.registration_counts(conference=conference).by_unit
    }
    rows = []
    for unit in conference.term.members.select_related("province").order_by("sort_key"):
        rows.append(
            {
                "unit": unit,
                "liaisons": liaisons.get(unit.pk, []),
                "link": liaison_link(conference, unit),
                "counts": counts.get(unit.pk),
            }
        )
    form, form_unit = LiaisonInviteForm(), None
    if request.method == "POST":
        form_unit = _unit_or_404(conference, request.POST.get("unit", "0") or 0)
        form = LiaisonInviteForm(request.POST)
        if form.is_valid():
            try:
                liaison_invite(
                    conference=conference,
                    unit=form_unit,
                    invited_by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s (%(unit)s).")
                    % {"email": form.cleaned_data["email"], "unit": form_unit.name},
                )
                return redirect("events:liaison_list", slug=conference.slug)
    return render(
        request,
        "events/registrations/liaisons.html",
        {"conference": conference, "rows": rows, "form": form, "form_unit": form_unit},
        status=400 if form.errors else 200,
    )


@login_required
@conference_view(permissions.can_manage_registrations)
def liaison_card(request, conference, unit_id):
    """A printable card with the unit's link as a QR, to hand over in person."""
    unit = _unit_or_404(conference, unit_id)
    link = liaison_link(conference, unit)
    return render(
        request,
        "events/registrations/liaison_card.html",
        {"conference": conference, "unit": unit, "link": link, "qr": qr_svg(link)},
    )
