"""The kiosk tablet, two sides.

On the tablet (``/kiosk/...``): pages that know only the device token in an
httpOnly cookie, never a staff session; they show "locked" or the one
signatory the chair unlocked, nothing else. On the chair's console: pair,
unlock, lock and revoke tablets.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.pairing import device_cookie_read
from core.viewhelpers import device_paired_response, pairing_qr_context
from signing import permissions, services
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.forms import KioskDeviceForm, SignatureForm
from signing.models import Signatory, SigningMode
from signing.services.kiosk import (
    kiosk_device_lookup,
    kiosk_device_pairing_renew,
    kiosk_devices,
    kiosk_session_live,
    kiosk_sessions_live,
)
from signing.views.common import ceremony_view, refuse
from signing.views.sign import _submit, _text_context

COOKIE = "hn_kiosk"
COOKIE_PATH = "/kiosk/"


def _tablet_meta(request) -> RequestMeta:
    """Who acts on the tablet: nobody's account, only where from."""
    return RequestMeta(
        ip=request.META.get("REMOTE_ADDR", "")[:45],
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def _unpaired(request, *, revoked=False):
    return render(request, "signing/kiosk_unpaired.html", {"revoked": revoked}, status=403)


# The tablet


def kiosk_pair(request, secret):
    """The tablet opened the pairing link. A button (POST) does the exchange,
    so link previews cannot use the one-time secret up. Any staff login on
    this browser ends: the tablet must not hold one."""
    if request.method != "POST":
        return render(request, "signing/kiosk_pair.html", {"secret": secret})
    paired = services.kiosk_device_pair(pairing_secret=secret, meta=_tablet_meta(request))
    if paired is None:
        return render(request, "signing/kiosk_pair.html", {"failed": True}, status=400)
    _device, token = paired
    return device_paired_response(
        request, token=token, cookie=COOKIE, path=COOKIE_PATH, to="signing:kiosk"
    )


@never_cache
def kiosk(request):
    """The tablet: locked, or unlocked by the chair for exactly one signatory."""
    device = kiosk_device_lookup(token=device_cookie_read(request, name=COOKIE))
    if device is None:
        return _unpaired(request)
    ceremony = device.ceremony
    meta = _tablet_meta(request)
    if not permissions.is_kiosk_of(device, ceremony):
        if request.method == "POST":
            error = SigningError(_("This kiosk tablet was revoked."), code="kiosk_revoked")
            services.refusal_record(ceremony=ceremony, error=error, meta=meta)
        return _unpaired(request, revoked=True)
    device = services.kiosk_device_authenticate(token=device_cookie_read(request, name=COOKIE))
    if device is None:  # revoked meanwhile
        return _unpaired(request, revoked=True)
    form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST":
        target = Signatory.objects.filter(pk=_int(request.POST.get("signatory"))).first()
        try:
            if target is None:
                raise SigningError(
                    _("The kiosk is locked. Ask the chair to unlock it for you."),
                    code="kiosk_locked",
                )
            _submit(
                request,
                form,
                signatory=target,
                mode=SigningMode.KIOSK,
                meta=meta,
                kiosk_device=device,
            )
        except SigningError as error:
            for message in error.messages:
                messages.error(request, message)
            services.refusal_record(
                ceremony=ceremony,
                error=error,
                meta=meta,
                signatory=target if target and target.ceremony_id == ceremony.pk else None,
            )
            status = 400
        else:
            messages.success(
                request,
                _("Thank you, %(name)s. Your signature is recorded. Please hand the tablet back.")
                % {"name": target.full_name},
            )
            return redirect("signing:kiosk")
    ceremony.refresh_from_db(fields=["state", "text_sha256", "frozen_text"])
    session = kiosk_session_live(device=device)
    if status == 400 and (session is None or session.nonce != request.POST.get("kiosk")):
        return redirect("signing:kiosk")
    context = {
        "conference": ceremony.covenant.conference,
        "ceremony": ceremony,
        "device": device,
        "session": session,
        "form": form,
        "mode": "kiosk",
    }
    if session is None:
        return render(request, "signing/kiosk_locked.html", context, status=status)
    if request.method == "GET":
        services.signing_viewed(signatory=session.signatory, mode=SigningMode.KIOSK, meta=meta)
    context.update(signatory=session.signatory, **_text_context(ceremony))
    return render(request, "signing/kiosk_sign.html", context, status=status)


def _int(value) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else 0


@never_cache
def kiosk_state(request):
    """What the tablet polls: is it unlocked now, and for which unlock."""
    device = services.kiosk_device_authenticate(token=device_cookie_read(request, name=COOKIE))
    if device is None:
        return JsonResponse({"paired": False, "code": "kiosk_unpaired"}, status=403)
    session = kiosk_session_live(device=device)
    return JsonResponse(
        {
            "paired": True,
            "state": device.ceremony.state,
            "unlock": session.pk if session is not None else None,
            "expires_at": session.expires_at.isoformat() if session is not None else None,
        }
    )


# The chair's console


def kiosk_console_context(ceremony) -> dict:
    """The kiosk part of the console: tablets, live unlocks, the pairing form."""
    devices = kiosk_devices(ceremony=ceremony)
    live = kiosk_sessions_live(ceremony=ceremony)
    by_device = {session.device_id: session for session in live}
    for device in devices:
        device.live_session = by_device.get(device.pk)
    return {
        "kiosk_devices": devices,
        "kiosk_active": [d for d in devices if d.is_active],
        "kiosk_sessions": live,
        "kiosk_form": KioskDeviceForm(),
    }


def _console(slug):
    return redirect("signing:console", slug=slug)


def _device_of(ceremony, pk):
    return get_object_or_404(ceremony.kiosk_devices, pk=pk)


@ceremony_view(permissions.can_manage_kiosks)
@require_POST
def kiosk_device_create(request, conference, ceremony):
    form = KioskDeviceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the tablet a name."))
        return _console(conference.slug)
    device = services.kiosk_device_create(
        ceremony=ceremony, name=form.cleaned_data["name"], meta=RequestMeta.from_request(request)
    )
    return redirect("signing:kiosk_device", slug=conference.slug, pk=device.pk)


@ceremony_view(permissions.can_manage_kiosks)
def kiosk_device_detail(request, conference, ceremony, pk):
    """The pairing QR of one tablet (POST: a fresh pairing code)."""
    device = _device_of(ceremony, pk)
    if request.method == "POST":
        try:
            kiosk_device_pairing_renew(device=device)
        except SigningError as error:
            refuse(request, ceremony, error)
        return redirect("signing:kiosk_device", slug=conference.slug, pk=device.pk)
    return render(
        request,
        "signing/kiosk_device.html",
        {
            "conference": conference,
            "ceremony": ceremony,
            "device": device,
            **pairing_qr_context(request, device, url_name="signing:kiosk_pair"),
        },
    )


@ceremony_view(permissions.can_manage_kiosks)
@require_POST
def kiosk_device_revoke(request, conference, ceremony, pk):
    device = services.kiosk_device_revoke(
        device=_device_of(ceremony, pk), meta=RequestMeta.from_request(request)
    )
    messages.success(request, _("%(name)s can no longer be used to sign.") % {"name": device.name})
    return _console(conference.slug)


@ceremony_view(permissions.can_manage_kiosks)
@require_POST
def kiosk_unlock(request, conference, ceremony, pk):
    """Unlock one paired tablet for one signatory: the console's button."""
    signatory = get_object_or_404(ceremony.signatories, pk=pk)
    device = ceremony.kiosk_devices.filter(pk=_int(request.POST.get("device"))).first()
    try:
        if device is None:
            raise SigningError(_("Pair a signing tablet first."), code="kiosk_unpaired")
        session = services.kiosk_unlock(
            ceremony=ceremony,
            signatory=signatory,
            device=device,
            meta=RequestMeta.from_request(request),
        )
    except SigningError as error:
        refuse(request, ceremony, error, signatory=signatory)
        return _console(conference.slug)
    messages.success(
        request,
        _("%(device)s is unlocked for %(name)s until %(time)s.")
        % {
            "device": device.name,
            "name": signatory.full_name,
            "time": timezone.localtime(session.expires_at).strftime("%H:%M"),
        },
    )
    return _console(conference.slug)


@ceremony_view(permissions.can_manage_kiosks)
@require_POST
def kiosk_lock(request, conference, ceremony):
    device = ceremony.kiosk_devices.filter(pk=_int(request.POST.get("device"))).first()
    if request.POST.get("device") and device is None:
        raise Http404
    services.kiosk_lock(ceremony=ceremony, device=device, meta=RequestMeta.from_request(request))
    return _console(conference.slug)
