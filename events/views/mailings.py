"""Mailings: start one, watch its progress, read its send log, retry failures."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from events import permissions
from events.mail import FAILURE_REASONS, KINDS, SKIP_REASONS
from events.models import MailingStatus
from events.selectors import mailings as selectors
from events.services.activity import ActivityMeta
from events.services.mailings import mailing_retry, mailing_start
from events.views.base import conference_view

send_mail_view = conference_view(permissions.can_send_mailings)


def new_key() -> str:
    """The one-time key a send form carries (double clicks send once)."""
    return secrets.token_urlsafe(18)


@login_required
@send_mail_view
def mailing_list(request, conference):
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in KINDS or KINDS[kind].describe is None:
            return HttpResponseBadRequest(_("There is no such kind of mailing."))
        try:
            mailing = mailing_start(
                conference=conference,
                kind=kind,
                key=request.POST.get("key", ""),
                meta=ActivityMeta.from_request(request),
            )
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("events:mailing_list", slug=conference.slug)
        return redirect("events:mailing_detail", slug=conference.slug, pk=mailing.pk)
    kinds = [
        {"kind": kind, "summary": kind.describe(conference), "refusal": _refusal(kind, conference)}
        for kind in KINDS.values()
        if kind.describe is not None
    ]
    return render(
        request,
        "events/mail/list.html",
        {
            "conference": conference,
            "kinds": kinds,
            "mailings": selectors.mailings_for(conference=conference),
            "key": new_key(),
            "labels": {code: kind.label for code, kind in KINDS.items()},
        },
    )


def _refusal(kind, conference) -> str:
    """Why this mailing cannot start now (its own check, as on sending), so
    the page says it instead of a button that asks, then refuses."""
    try:
        kind.check(conference, None)
    except DomainError as error:
        return " ".join(error.messages)
    return ""


def _mailing_or_404(conference, pk):
    return get_object_or_404(conference.mailings.select_related("created_by"), pk=pk)


@login_required
@send_mail_view
def mailing_detail(request, conference, pk):
    mailing = _mailing_or_404(conference, pk)
    kind = KINDS.get(mailing.kind)
    return render(
        request,
        "events/mail/detail.html",
        {
            "conference": conference,
            "mailing": mailing,
            "label": kind.label if kind else mailing.kind,
            "progress": selectors.mailing_progress(mailing=mailing),
            "deliveries": selectors.mailing_deliveries(mailing=mailing),
            "skip_reasons": SKIP_REASONS,
            "failure_reasons": FAILURE_REASONS,
            "active": mailing.status != MailingStatus.DONE,
        },
    )


@login_required
@send_mail_view
def mailing_progress(request, conference, pk):
    """The progress bar's numbers, polled while the mailing runs."""
    mailing = _mailing_or_404(conference, pk)
    response = JsonResponse(selectors.mailing_progress(mailing=mailing))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@send_mail_view
@require_POST
def mailing_retry_view(request, conference, pk):
    mailing = _mailing_or_404(conference, pk)
    try:
        count = mailing_retry(mailing=mailing, meta=ActivityMeta.from_request(request))
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sending %(count)s failed emails again.") % {"count": count})
    return redirect("events:mailing_detail", slug=conference.slug, pk=mailing.pk)


@login_required
@conference_view()
def registration_send_pass(request, conference, pk):
    """Email one delegate their pass: organizers, or the liaison of the
    delegate's unit. Back to where the button was."""
    registration = get_object_or_404(conference.registrations, pk=pk)
    if not permissions.can_share_pass(request.user, registration):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        mailing = mailing_start(
            conference=conference,
            kind="pass",
            key=request.POST.get("key", ""),
            target_id=registration.pk,
            meta=ActivityMeta.from_request(request),
        )
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Sending the pass to %(email)s.") % {"email": registration.email}
        )
        if permissions.can_send_mailings(request.user, conference) and not request.POST.get("next"):
            return redirect("events:mailing_detail", slug=conference.slug, pk=mailing.pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = conference.get_absolute_url()
    return redirect(back)
