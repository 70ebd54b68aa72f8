"""The chair's and organizer's screens: set up, edit, run and seal the ceremony."""

import base64

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.qr import qr_png
from core.viewhelpers import apply_validation_error
from signing import permissions, selectors, services
from signing.audit import RequestMeta, audit_verify
from signing.errors import SigningError
from signing.forms import CovenantForm, ReasonForm, SealForm, SignatoryForm
from signing.markup import parse_body
from signing.models import CeremonyState
from signing.services.seal import covenant_pdf_bytes
from signing.views.common import ceremony_view, conference_view, refuse
from signing.views.kiosk import kiosk_console_context


def _console(slug):
    return redirect("signing:console", slug=slug)


@conference_view(permissions.can_run_ceremony)
def console(request, conference):
    ceremony = selectors.ceremony_for_conference(conference=conference)
    if ceremony is None:
        return render(
            request,
            "signing/setup.html",
            {
                "conference": conference,
                "can_edit": permissions.can_edit_covenant(request.user, conference),
            },
        )
    signatories = selectors.signatory_list(ceremony=ceremony)
    missing = [s for s in signatories if not s.has_signed]
    return render(
        request,
        "signing/console.html",
        {
            "conference": conference,
            "ceremony": ceremony,
            "covenant": ceremony.covenant,
            "signatories": signatories,
            "signed": len(signatories) - len(missing),
            "missing": missing,
            "voided": selectors.voided_signatures(ceremony=ceremony),
            **kiosk_console_context(ceremony),
            "can_edit": permissions.can_edit_covenant(request.user, conference),
            "can_seal_missing": permissions.can_seal_with_missing(request.user, conference),
            "can_reopen": permissions.can_reopen_ceremony(request.user, conference),
            "reason_form": ReasonForm(),
            "seal_form": SealForm(),
            "verify_url": request.build_absolute_uri(
                reverse("signing:verify", args=[ceremony.public_id])
            ),
        },
    )


@conference_view(permissions.can_edit_covenant)
@require_POST
def setup(request, conference):
    services.ceremony_setup(conference=conference)
    messages.success(request, _("The covenant and its signatories are ready to edit."))
    return _console(conference.slug)


@ceremony_view(permissions.can_edit_covenant)
def covenant_edit(request, conference, ceremony):
    covenant = ceremony.covenant
    form = CovenantForm(request.POST or None, instance=covenant)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.covenant_update(
                    ceremony=ceremony, meta=RequestMeta.from_request(request), **form.cleaned_data
                )
            except SigningError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Covenant saved."))
                return redirect("signing:covenant_edit", slug=conference.slug)
        status = 400
    covenant.refresh_from_db()
    return render(
        request,
        "signing/covenant_edit.html",
        {
            "conference": conference,
            "ceremony": ceremony,
            "form": form,
            "sections": parse_body(covenant.body),
            "covenant": covenant,
        },
        status=status,
    )


@ceremony_view(permissions.can_run_ceremony)
def signatory_edit(request, conference, ceremony, pk):
    signatory = get_object_or_404(ceremony.signatories.select_related("unit"), pk=pk)
    candidates = selectors.signer_candidates(signatory=signatory)
    initial = {
        "registration": str(signatory.registration_id or ""),
        "full_name": signatory.full_name,
        "title": signatory.title.capitalize(),
        "email": signatory.email,
    }
    form = SignatoryForm(request.POST or None, candidates=candidates, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.signatory_update(
                    signatory=signatory, meta=RequestMeta.from_request(request), **form.cleaned_data
                )
            except SigningError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Signatory saved."))
                return _console(conference.slug)
        status = 400
    return render(
        request,
        "signing/signatory_edit.html",
        {"conference": conference, "ceremony": ceremony, "signatory": signatory, "form": form},
        status=status,
    )


@ceremony_view(permissions.can_run_ceremony)
@require_POST
def transition(request, conference, ceremony, action):
    meta = RequestMeta.from_request(request)
    reason = request.POST.get("reason", "")
    try:
        if action == "open":
            services.ceremony_open(ceremony=ceremony, meta=meta)
            messages.success(request, _("Signing is open. The text is frozen."))
        elif action == "reopen":
            if not permissions.can_reopen_ceremony(request.user, conference):
                raise SigningError(
                    _("Only an organizer can reopen the ceremony."), code="forbidden"
                )
            services.ceremony_reopen(ceremony=ceremony, reason=reason, meta=meta)
            messages.warning(
                request,
                _("Reopened: the text can change; the signatures so far were voided and kept."),
            )
        elif action == "cancel":
            if not permissions.can_edit_covenant(request.user, conference):
                raise SigningError(_("Only an organizer can cancel."), code="forbidden")
            services.ceremony_cancel(ceremony=ceremony, reason=reason, meta=meta)
            messages.warning(request, _("The ceremony was cancelled."))
        elif action == "seal":
            if not permissions.can_seal_with_missing(request.user, conference):
                reason = ""
            services.ceremony_seal(
                ceremony=ceremony,
                meta=meta,
                missing_reason=reason,
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, _("Sealed. The signed PDF is ready."))
        else:
            raise Http404
    except SigningError as error:
        refuse(request, ceremony, error)
    return _console(conference.slug)


@ceremony_view(permissions.can_run_ceremony)
@require_POST
def link_issue(request, conference, ceremony, pk):
    signatory = get_object_or_404(ceremony.signatories.select_related("unit"), pk=pk)
    send = request.POST.get("how") == "email"
    try:
        url = services.link_issue(
            signatory=signatory,
            meta=RequestMeta.from_request(request),
            base_url=request.build_absolute_uri("/"),
            send=send,
        )
    except SigningError as error:
        refuse(request, ceremony, error, signatory=signatory)
        return _console(conference.slug)
    if send:
        messages.success(request, _("Link emailed to %(email)s.") % {"email": signatory.email})
        return _console(conference.slug)
    qr = base64.b64encode(qr_png(url)).decode()
    return render(
        request,
        "signing/link_qr.html",
        {"conference": conference, "signatory": signatory, "url": url, "qr": qr},
    )


@ceremony_view(permissions.can_run_ceremony)
def audit_log(request, conference, ceremony):
    return render(
        request,
        "signing/audit.html",
        {
            "conference": conference,
            "ceremony": ceremony,
            "events": selectors.audit_events(ceremony=ceremony),
            "voided": selectors.voided_signatures(ceremony=ceremony),
            "chain": audit_verify(ceremony=ceremony),
        },
    )


@ceremony_view(permissions.can_run_ceremony)
def pdf(request, conference, ceremony):
    """The sealed PDF, or a preview of the document as it stands."""
    if ceremony.state == CeremonyState.SEALED:
        return FileResponse(
            ceremony.pdf.open("rb"), as_attachment=True, filename=f"giao-uoc-{conference.slug}.pdf"
        )
    if ceremony.state == CeremonyState.DRAFT:
        # A draft: preview the text as it stands now.
        from signing.services.covenants import covenant_snapshot, snapshot_json

        ceremony.frozen_text = snapshot_json(covenant_snapshot(ceremony.covenant))
    data = covenant_pdf_bytes(ceremony=ceremony, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    return response
