"""Check-in pages for staff: setup (lists, devices), pairing and the scanner."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.viewhelpers import apply_validation_error, pairing_qr_context
from events import permissions
from events.forms.checkin import CheckinListForm, DeviceForm
from events.roster_crypto import b64, roster_key
from events.selectors import checkin as selectors_checkin
from events.services.activity import ActivityMeta
from events.services.checkin import Result, checkin_list_main, checkin_message
from events.services.checkin_setup import (
    checkin_list_create,
    checkin_list_update,
    device_create,
    device_pair,
    device_pairing_renew,
    device_revoke,
)
from events.views.base import conference_view


@conference_view(permissions.can_manage_conference)
def checkin_setup(request, conference):
    checkin_list_main(conference=conference)
    return render(
        request,
        "events/checkin/setup.html",
        {
            "conference": conference,
            "lists": selectors_checkin.checkin_lists(conference=conference),
            "devices": selectors_checkin.scanner_devices(conference=conference),
            "list_form": CheckinListForm(conference=conference),
            "device_form": DeviceForm(conference=conference),
        },
    )


@conference_view(permissions.can_manage_conference)
def list_create(request, conference):
    form = CheckinListForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            checkin_list_create(conference=conference, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("List created."))
            return redirect("events:checkin_setup", slug=conference.slug)
    return render(
        request,
        "events/checkin/list_form.html",
        {"conference": conference, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@conference_view(permissions.can_manage_conference)
def list_edit(request, conference, list_slug):
    checkin_list = selectors_checkin.checkin_list_get(conference=conference, slug=list_slug)
    if checkin_list is None:
        raise Http404
    initial = {
        "name": checkin_list.name,
        "allow_reentry": checkin_list.allow_reentry,
        "roles": list(checkin_list.roles.all()),
    }
    form = CheckinListForm(request.POST or None, conference=conference, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            checkin_list_update(checkin_list=checkin_list, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("List saved."))
            return redirect("events:checkin_setup", slug=conference.slug)
    return render(
        request,
        "events/checkin/list_form.html",
        {"conference": conference, "form": form, "checkin_list": checkin_list},
        status=400 if request.method == "POST" else 200,
    )


@conference_view(permissions.can_manage_conference)
@require_POST
def device_create_view(request, conference):
    form = DeviceForm(request.POST, conference=conference)
    if not form.is_valid():
        messages.error(request, _("Give the device a name."))
        return redirect("events:checkin_setup", slug=conference.slug)
    device = device_create(
        conference=conference,
        name=form.cleaned_data["name"],
        checkin_list=form.cleaned_data["checkin_list"],
        created_by=request.user,
        meta=ActivityMeta.from_request(request),
    )
    return redirect("events:device_detail", slug=conference.slug, pk=device.pk)


def _device(conference, pk):
    device = selectors_checkin.scanner_devices(conference=conference).filter(pk=pk).first()
    if device is None:
        raise Http404
    return device


@conference_view(permissions.can_manage_conference)
def device_detail(request, conference, pk):
    device = _device(conference, pk)
    if request.method == "POST" and device.revoked_at is None:
        device = device_pairing_renew(device=device)
        return redirect("events:device_detail", slug=conference.slug, pk=device.pk)
    return render(
        request,
        "events/checkin/device_detail.html",
        {
            "conference": conference,
            "device": device,
            **pairing_qr_context(request, device, url_name="events:device_pair"),
        },
    )


@conference_view(permissions.can_manage_conference)
@require_POST
def device_revoke_view(request, conference, pk):
    device = device_revoke(device=_device(conference, pk), meta=ActivityMeta.from_request(request))
    messages.success(request, _("%(name)s can no longer scan.") % {"name": device.name})
    return redirect("events:checkin_setup", slug=conference.slug)


def device_pair_view(request, secret):
    """The phone opened the pairing QR. A button (POST) does the exchange,
    so link previews cannot use the one-time secret up."""
    if request.method != "POST":
        return render(request, "events/checkin/pair.html", {"secret": secret})
    paired = device_pair(pairing_secret=secret, meta=ActivityMeta.from_request(request))
    if paired is None:
        return render(request, "events/checkin/pair.html", {"failed": True}, status=400)
    device, token = paired
    return render(
        request,
        "events/checkin/paired.html",
        {"device": device, "token": token, "roster_key": b64(roster_key(token))},
    )


def scanner_messages() -> dict[str, str]:
    """What the phone says when it decides alone (no network): the server's
    words for each result code, and the offline-only ones."""
    return {
        **{result.value: checkin_message(result) for result in Result},
        "valid_unlisted": _(
            "Valid pass (genuine signature), not in this phone's roster yet. Admitted offline."
        ),
        "online": _("Online"),
        "offline": _("Offline"),
        "offline_roster": _("Offline · %(count)s people on this phone"),
        "no_roster": _("Offline, no roster on this phone: scans wait to be sent."),
        "revoked": _("This scanner was revoked: its roster was wiped from the phone."),
        "ended": _("The conference is over: the roster was wiped from the phone."),
        "tampered": _("The roster failed its integrity check and was not used."),
        "foreign": _("This roster belongs to another conference or device and was refused."),
        "clock": _(
            "This phone's clock is off by %(minutes)s min. Set the clock: offline scan "
            "times are corrected when they are sent."
        ),
        "undone_offline": _("Undone (the scan had not been sent yet)."),
        "sent": _("Scans sent: %(count)s"),
    }


def device_scanner(request):
    """The scanner of a paired phone: everything comes from the API with the
    token kept in the phone's storage (and, offline, from its roster)."""
    return render(
        request,
        "events/checkin/scanner.html",
        {"mode": "device", "scanner_messages": scanner_messages()},
    )


@conference_view(permissions.can_check_in)
def staff_scanner(request, conference):
    lists = list(selectors_checkin.checkin_lists(conference=conference))
    if not lists:
        lists = [checkin_list_main(conference=conference)]
    chosen = next((x for x in lists if x.slug == request.GET.get("list")), lists[0])
    return render(
        request,
        "events/checkin/scanner.html",
        {
            "mode": "session",
            "conference": conference,
            "lists": lists,
            "checkin_list": chosen,
            "scanner_messages": scanner_messages(),
        },
    )
