"""Where signatures are drawn: the signatory's own phone (one-time link) and
the kiosk tablet the chair unlocks for one named signatory."""

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from signing import permissions, selectors, services
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.forms import SignatureForm
from signing.images import decode_data_url
from signing.markup import parse_body
from signing.models import SigningMode
from signing.services.kiosk import kiosk_current
from signing.signature_urls import signature_image_url, signature_token_read
from signing.views.common import ceremony_view, refuse


def _text_context(ceremony) -> dict:
    text = json.loads(ceremony.frozen_text)
    return {
        "text": text,
        "preamble": [p for p in text["preamble"].splitlines() if p.strip()],
        "sections": parse_body(text["body"]),
        "text_sha256": ceremony.text_sha256,
    }


def _submit(request, form, *, signatory, mode, link=None):
    """Validate the posted signature and hand it to the service."""
    if not form.is_valid():
        raise SigningError(_("The signature image is malformed."), code="malformed")
    png = decode_data_url(form.cleaned_data["signature"])
    return services.signature_submit(
        signatory=signatory,
        png=png,
        consent=form.cleaned_data["consent"],
        seen_text_sha256=form.cleaned_data["text_sha256"],
        mode=mode,
        meta=RequestMeta.from_request(request),
        link=link,
        kiosk_nonce=form.cleaned_data.get("kiosk", ""),
    )


@never_cache
def phone_sign(request, token):
    """A one-time link, opened on the signatory's phone after login by code."""
    try:
        link = services.link_resolve(token=token)
    except SigningError as error:
        return render(request, "signing/link_invalid.html", {"error": error}, status=410)
    signatory = link.signatory
    ceremony = signatory.ceremony
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "account_request_login_code")
    if not permissions.is_signatory_user(request.user, signatory):
        error = SigningError(
            _("This link is for %(name)s. Log in with the address it was sent to.")
            % {"name": signatory.full_name},
            code="wrong_account",
        )
        refuse(request, ceremony, error, signatory=signatory)
        return render(request, "signing/link_invalid.html", {"error": error}, status=403)
    meta = RequestMeta.from_request(request)
    form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            _submit(request, form, signatory=signatory, mode=SigningMode.PHONE, link=link)
        except SigningError as error:
            refuse(request, ceremony, error, signatory=signatory)
            status = 400
        else:
            return redirect("signing:signed", pk=signatory.pk)
    else:
        services.signing_viewed(signatory=signatory, mode=SigningMode.PHONE, meta=meta)
    return render(
        request,
        "signing/sign.html",
        {
            "ceremony": ceremony,
            "conference": ceremony.covenant.conference,
            "signatory": signatory,
            "form": form,
            "mode": "phone",
            **_text_context(ceremony),
        },
        status=status,
    )


def signed(request, pk):
    """Thanks, shown to the signer themself after confirming on their phone."""
    signatory = get_object_or_404(_signed_signatories(), pk=pk)
    if not permissions.is_signatory_user(request.user, signatory):
        raise PermissionDenied
    return render(request, "signing/signed.html", {"signatory": signatory})


def _signed_signatories():
    from signing.models import Signatory

    return Signatory.objects.select_related("unit", "ceremony__covenant__conference").filter(
        signed_at__isnull=False
    )


@never_cache
@ceremony_view(permissions.can_run_ceremony)
def kiosk(request, conference, ceremony):
    """The tablet: locked, or unlocked for exactly one named signatory."""
    session = kiosk_current(ceremony=ceremony)
    form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST":
        nonce = request.POST.get("kiosk", "")
        target = get_object_or_404(ceremony.signatories, pk=request.POST.get("signatory") or 0)
        try:
            _submit(request, form, signatory=target, mode=SigningMode.KIOSK)
        except SigningError as error:
            refuse(request, ceremony, error, signatory=target)
            status = 400
            if session is None or session.nonce != nonce:
                return redirect("signing:kiosk", slug=conference.slug)
        else:
            messages.success(
                request,
                _("Thank you, %(name)s. Your signature is recorded. Please hand the tablet back.")
                % {"name": target.full_name},
            )
            return redirect("signing:kiosk", slug=conference.slug)
    context = {
        "conference": conference,
        "ceremony": ceremony,
        "session": session,
        "form": form,
        "mode": "kiosk",
    }
    if session is not None:
        if request.method == "GET":
            services.signing_viewed(
                signatory=session.signatory,
                mode=SigningMode.KIOSK,
                meta=RequestMeta.from_request(request),
            )
        context.update(signatory=session.signatory, **_text_context(ceremony))
        return render(request, "signing/sign.html", context, status=status)
    context["waiting"] = [
        s for s in selectors.signatory_list(ceremony=ceremony) if not s.has_signed
    ]
    return render(request, "signing/kiosk_locked.html", context, status=status)


@ceremony_view(permissions.can_watch_ceremony)
def screen(request, conference, ceremony):
    """The projector: one cell per unit, filled in live. The staff's screen
    shows the signatures; anyone else sees "signed ✓"."""
    signatories = selectors.signatory_list(ceremony=ceremony)
    images = permissions.can_see_signatures(request.user, conference)
    cells = [
        {
            "signatory": s,
            "image": signature_image_url(
                slug=conference.slug,
                ceremony_id=ceremony.pk,
                signatory_id=s.pk,
                image_sha256=s.signature_sha256,
            )
            if images and s.has_signed
            else "",
        }
        for s in signatories
    ]
    return render(
        request,
        "signing/screen.html",
        {
            "conference": conference,
            "ceremony": ceremony,
            "cells": cells,
            "signatories": signatories,
            "signed": sum(1 for s in signatories if s.has_signed),
        },
    )


def signature_image(request, slug, token):
    """A signature image, through a short-lived signed URL only (its own
    cache headers: private, never stored)."""
    data = signature_token_read(token)
    if data is None:
        raise Http404
    signatory = selectors.signatory_with_image(
        ceremony_id=data.get("c"), signatory_id=data.get("s"), slug=slug
    )
    if signatory is None or signatory.signature_sha256[:32] != data.get("h"):
        raise Http404
    response = HttpResponse(bytes(signatory.signature_png), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
