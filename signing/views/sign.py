"""Where signatures are drawn: the signatory's own phone (one-time link),
and the projector. The kiosk tablet's pages are in ``signing.views.kiosk``."""

import json

from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.utils import filter_users_by_email
from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.text import email_masked
from signing import permissions, selectors, services
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.forms import SignatureForm
from signing.images import decode_data_url
from signing.markup import parse_body
from signing.models import SigningMode
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


def _submit(request, form, *, signatory, mode, meta, link=None, kiosk_device=None):
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
        meta=meta,
        link=link,
        kiosk_nonce=form.cleaned_data.get("kiosk", ""),
        kiosk_device=kiosk_device,
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
        return _landing(request, signatory)
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
            _submit(
                request, form, signatory=signatory, mode=SigningMode.PHONE, meta=meta, link=link
            )
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


def _landing(request, signatory):
    """The link's first page, before login: whom it is for, what they sign,
    and one button that emails the login code to the signatory's own address
    (shown masked; nothing to type, so nothing to mistype or to probe)."""
    context = {
        "signatory": signatory,
        "position": selectors.signatory_position(signatory=signatory),
        "covenant_heading": selectors.covenant_heading(covenant=signatory.ceremony.covenant),
        "masked_email": email_masked(signatory.email),
    }
    status = 200
    if request.method == "POST":
        email = signatory.email.strip().lower()
        if ratelimit.consume(request, action="request_login_code", key=email):
            users = filter_users_by_email(email, is_active=True, prefer_verified=True)
            LoginCodeVerificationProcess.initiate(
                request=request, user=users[0] if users else None, email=email
            )
            # allauth's "code sent to <full address>" becomes the masked one.
            list(messages.get_messages(request))
            messages.success(
                request,
                _("A login code was sent to %(email)s.") % {"email": context["masked_email"]},
            )
            request.session["login_code_masked"] = True
            confirm = reverse("account_confirm_login_code")
            return redirect(f"{confirm}?{urlencode({'next': request.path})}")
        context["error"] = _("Too many codes were asked for. Wait a few minutes and try again.")
        status = 429
    return render(request, "signing/link_landing.html", context, status=status)


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
