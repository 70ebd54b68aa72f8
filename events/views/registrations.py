"""Organizer pages: the delegate list, editing, approval, policy, passes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.viewhelpers import apply_validation_error
from events import permissions
from events.forms.registrations import FilterForm, PolicyForm, RegistrationForm
from events.models import RegistrationStatus
from events.selectors import registrations as selectors
from events.services import registrations as services
from events.services.activity import ActivityMeta
from events.views.base import conference_view


def manage(view):
    """Organizers only; anyone not logged in is sent to the login page first."""
    return login_required(conference_view(permissions.can_manage_registrations)(view))


def _units(conference):
    return list(conference.term.members.select_related("province").order_by("sort_key"))


@manage
def registration_list(request, conference):
    units = _units(conference)
    form = FilterForm(request.GET or None, conference=conference, units=units)
    filters = selectors.RegistrationFilters()
    if form.is_valid():
        filters = selectors.RegistrationFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        )
    registrations = list(selectors.registration_list(conference=conference, filters=filters))
    return render(
        request,
        "events/registrations/list.html",
        {
            "conference": conference,
            "form": form,
            "registrations": registrations,
            "counts": selectors.registration_counts(conference=conference),
            "filtered": filters != selectors.RegistrationFilters(),
            "policy": services.policy_for(conference),
        },
    )


@manage
@require_POST
def registration_bulk_approve(request, conference):
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    approved, refused = services.registrations_bulk_approve(
        conference=conference, ids=ids, meta=ActivityMeta.from_request(request)
    )
    if approved:
        messages.success(
            request,
            ngettext("Approved %(n)s registration.", "Approved %(n)s registrations.", len(approved))
            % {"n": len(approved)},
        )
    for registration, error in refused:
        messages.error(request, f"{registration.full_name}: {' '.join(error.messages)}")
    if not ids:
        messages.warning(request, _("Tick the registrations to approve first."))
    return redirect(_back(request, conference))


def _back(request, conference):
    fallback = reverse("events:registration_list", kwargs={"slug": conference.slug})
    nxt = request.POST.get("next", "")
    return nxt if nxt.startswith(fallback) else fallback


def registration_form_view(
    request,
    conference,
    *,
    registration=None,
    fixed_unit=None,
    by_liaison=False,
    template,
    extra=None,
    success_url,
):
    """Shared by organizers and liaisons: add or edit one registration."""
    initial = RegistrationForm.initial_for(registration) if registration else None
    form = RegistrationForm(
        request.POST or None,
        initial=initial,
        conference=conference,
        fixed_unit=fixed_unit,
        by_liaison=by_liaison,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            allow_duplicate = form.cleaned_data["allow_duplicate"]
            try:
                if registration is None:
                    registration = services.registration_create(
                        conference=conference,
                        created_by=request.user,
                        by_liaison=by_liaison,
                        allow_duplicate=allow_duplicate,
                        notify=True,
                        **form.service_kwargs(),
                    )
                    messages.success(
                        request,
                        _("Registered %(name)s (%(status)s).")
                        % {
                            "name": registration.full_name,
                            "status": registration.get_status_display(),
                        },
                    )
                else:
                    was_approved = registration.status == RegistrationStatus.APPROVED
                    services.registration_update(
                        registration=registration,
                        by_liaison=by_liaison,
                        allow_duplicate=allow_duplicate,
                        changed_by=request.user,
                        **form.service_kwargs(registration),
                    )
                    messages.success(
                        request, _("Saved %(name)s.") % {"name": registration.full_name}
                    )
                    if was_approved and registration.status == RegistrationStatus.PENDING:
                        messages.warning(
                            request,
                            _(
                                "This is now a different person: the registration waits for "
                                "approval again and the old pass no longer works."
                            ),
                        )
            except ValidationError as error:
                apply_validation_error(form, error)
                if any(e.code == "duplicate" for e in getattr(error, "error_list", [])):
                    form.offer_duplicate()
            else:
                return redirect(success_url)
        status = 400
    context = {"conference": conference, "form": form, "registration": registration}
    context.update(extra or {})
    return render(request, template, context, status=status)


@manage
def registration_new(request, conference):
    return registration_form_view(
        request,
        conference,
        template="events/registrations/form.html",
        success_url=reverse("events:registration_list", kwargs={"slug": conference.slug}),
    )


@manage
def registration_edit(request, conference, pk):
    registration = get_object_or_404(
        conference.registrations.select_related("unit", "role", "duplicate_of"), pk=pk
    )
    return registration_form_view(
        request,
        conference,
        registration=registration,
        template="events/registrations/form.html",
        success_url=reverse(
            "events:registration_edit", kwargs={"slug": conference.slug, "pk": registration.pk}
        ),
    )


STATUS_ACTIONS = {
    "approve": RegistrationStatus.APPROVED,
    "decline": RegistrationStatus.DECLINED,
    "cancel": RegistrationStatus.CANCELLED,
    "pending": RegistrationStatus.PENDING,
}


@manage
@require_POST
def registration_status(request, conference, pk):
    registration = get_object_or_404(conference.registrations, pk=pk)
    status = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if status is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            registration = services.registration_set_status(
                registration=registration,
                status=status,
                reason=request.POST.get("reason", ""),
                by=request.user,
                meta=ActivityMeta.from_request(request),
            )
        except ValidationError as error:
            messages.error(request, f"{registration.full_name}: {' '.join(error.messages)}")
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": registration.full_name, "status": registration.get_status_display()},
            )
    return redirect(_back(request, conference))


@manage
@require_POST
def registration_reissue(request, conference, pk):
    registration = get_object_or_404(conference.registrations, pk=pk)
    services.registration_reissue_code(registration=registration, notify=True)
    messages.success(
        request,
        _("New pass code for %(name)s; the old QR code no longer works.")
        % {"name": registration.full_name},
    )
    return redirect("events:registration_edit", slug=conference.slug, pk=pk)


@manage
def registration_policy(request, conference):
    policy = services.policy_for(conference)
    quotas = {q.unit_id: q.places for q in conference.unit_quotas.all()}
    units = [(unit, quotas.get(unit.pk)) for unit in _units(conference)]
    initial = {
        "deadline": policy.deadline,
        "auto_approve": policy.auto_approve,
        "unit_quota": policy.unit_quota,
        "staff_approve_walkins": policy.staff_approve_walkins,
    }
    form = PolicyForm(request.POST or None, initial=initial, conference=conference, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.policy_update(
                conference=conference,
                deadline=data["deadline"],
                auto_approve=data["auto_approve"],
                unit_quota=data["unit_quota"],
                staff_approve_walkins=data["staff_approve_walkins"],
                role_quotas={role.pk: data[name] for name, role in form.role_fields},
                unit_quotas={unit.pk: data[name] for name, unit in form.unit_fields},
                allow_over_quota=data["allow_over_quota"],
                meta=ActivityMeta.from_request(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            if any(e.code == "quota_below_count" for e in getattr(error, "error_list", [])):
                form.offer_over_quota()
        else:
            messages.success(request, _("Registration settings saved."))
            return redirect("events:registration_list", slug=conference.slug)
    return render(
        request,
        "events/registrations/policy.html",
        {"conference": conference, "form": form},
        status=400 if form.errors else 200,
    )
