"""Self check-in: the paired entrance display's rotating QR (and its pairing
by the organizer), and the delegate's confirmation page on their own phone."""

import time

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.pairing import device_cookie_read
from core.qr import qr_svg
from core.viewhelpers import device_paired_response, pairing_qr_context
from events import permissions, selectors
from events.checkin_tokens import (
    SELF_CHECKIN_PERIOD,
    self_checkin_token,
    self_checkin_token_read,
)
from events.forms.checkin import EntranceDisplayForm
from events.selectors import checkin as selectors_checkin
from events.services.checkin import Result, checkin_list_main
from events.services.checkin_self import (
    checkin_self,
    entrance_display_authenticate,
    entrance_display_create,
    entrance_display_pair,
    entrance_display_pairing_renew,
    entrance_display_revoke,
)
from events.views.base import conference_view

SESSION_KEY = "self_checkin"
DISPLAY_COOKIE = "hn_entrance"
DISPLAY_COOKIE_PATH = "/entrance/"


def _entrance_code(request, conference) -> dict:
    checkin_list = checkin_list_main(conference=conference)
    token = self_checkin_token(list_id=checkin_list.pk)
    url = request.build_absolute_uri(
        reverse("events:self_checkin", kwargs={"slug": conference.slug, "token": token})
    )
    return {"url": url, "svg": qr_svg(url), "period": SELF_CHECKIN_PERIOD}


# The organizer pairs entrance displays


@conference_view(permissions.can_manage_conference)
def entrance_setup(request, conference):
    """The conference's entrance displays and the form to pair one."""
    return render(
        request,
        "events/checkin/entrance_setup.html",
        {
            "conference": conference,
            "displays": selectors_checkin.entrance_displays(conference=conference),
            "form": EntranceDisplayForm(),
        },
    )


@conference_view(permissions.can_manage_conference)
@require_POST
def entrance_display_create_view(request, conference):
    form = EntranceDisplayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the display a name."))
        return redirect("events:checkin_entrance", slug=conference.slug)
    display = entrance_display_create(
        conference=conference, name=form.cleaned_data["name"], created_by=request.user
    )
    return redirect("events:entrance_display_detail", slug=conference.slug, pk=display.pk)


def _display(conference, pk):
    display = selectors_checkin.entrance_displays(conference=conference).filter(pk=pk).first()
    if display is None:
        raise Http404
    return display


@conference_view(permissions.can_manage_conference)
def entrance_display_detail(request, conference, pk):
    """One display's pairing code (POST: a fresh one)."""
    display = _display(conference, pk)
    if request.method == "POST" and display.revoked_at is None:
        entrance_display_pairing_renew(display=display)
        return redirect("events:entrance_display_detail", slug=conference.slug, pk=display.pk)
    return render(
        request,
        "events/checkin/entrance_display.html",
        {
            "conference": conference,
            "display": display,
            **pairing_qr_context(request, display, url_name="events:entrance_display_pair"),
        },
    )


@conference_view(permissions.can_manage_conference)
@require_POST
def entrance_display_revoke_view(request, conference, pk):
    display = entrance_display_revoke(display=_display(conference, pk))
    messages.success(
        request, _("%(name)s no longer shows the entrance code.") % {"name": display.name}
    )
    return redirect("events:checkin_entrance", slug=conference.slug)


# The paired display at the door: its device token only, no staff session


def entrance_display_pair_view(request, secret):
    """The display opened the pairing link. A button (POST) does the exchange;
    any staff login on this browser ends, so none is left at the door."""
    if request.method != "POST":
        return render(request, "events/checkin/entrance_pair.html", {"secret": secret})
    paired = entrance_display_pair(pairing_secret=secret)
    if paired is None:
        return render(request, "events/checkin/entrance_pair.html", {"failed": True}, status=400)
    _display, token = paired
    return device_paired_response(
        request,
        token=token,
        cookie=DISPLAY_COOKIE,
        path=DISPLAY_COOKIE_PATH,
        to="events:entrance_display",
    )


def _paired_display(request):
    return entrance_display_authenticate(token=device_cookie_read(request, name=DISPLAY_COOKIE))


@never_cache
def entrance_display(request):
    """The rotating self check-in QR, on a paired display only."""
    display = _paired_display(request)
    if display is None:
        return render(request, "events/checkin/entrance_unpaired.html", status=403)
    conference = display.conference
    return render(
        request,
        "events/checkin/entrance.html",
        {
            "conference": conference,
            "display": display,
            "code": _entrance_code(request, conference),
        },
    )


@never_cache
def entrance_display_code(request):
    display = _paired_display(request)
    if display is None:
        return JsonResponse({"paired": False, "code": "unpaired"}, status=403)
    return JsonResponse(_entrance_code(request, display.conference))


def landing(request, slug, token):
    """The delegate's camera app opened the entrance QR."""
    conference = selectors.conference_get(slug=slug)
    if conference is None:
        raise Http404
    now = time.time()
    if self_checkin_token_read(token, now=now) is None:
        visible = permissions.can_view_conference(request.user, conference)
        return render(
            request,
            "events/checkin/self_result.html",
            {
                # Any slug and a made-up token get here: name the conference
                # only to whoever may see it.
                "conference": conference if visible else None,
                "result": Result.INVALID,
                "message": _(
                    "This entrance code has expired. Scan the screen at the entrance again."
                ),
            },
            status=400,
        )
    request.session[SESSION_KEY] = {"conference": conference.pk, "token": token, "at": now}
    confirm = reverse("events:self_checkin_confirm", kwargs={"slug": conference.slug})
    if not request.user.is_authenticated:
        return redirect_to_login(confirm)
    return redirect(confirm)


def confirm(request, slug):
    conference = selectors.conference_get(slug=slug)
    if conference is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    grant = request.session.get(SESSION_KEY)
    if not grant or grant.get("conference") != conference.pk:
        if not permissions.can_view_conference(request.user, conference):
            raise Http404  # "scan the code first" would name a private conference
        return render(
            request,
            "events/checkin/self_result.html",
            {
                "conference": conference,
                "result": Result.INVALID,
                "message": _("Scan the code on the screen at the entrance first."),
            },
            status=400,
        )
    mine = list(selectors_checkin.registrations_of_user(conference=conference, user=request.user))
    if not mine:
        return render(
            request,
            "events/checkin/self_result.html",
            {
                "conference": conference,
                "result": Result.UNKNOWN_CODE,
                "message": _(
                    "There is no registration for %(email)s at this conference. "
                    "Please go to the check-in desk."
                )
                % {"email": request.user.email},
            },
            status=404,
        )
    if request.method == "POST":
        chosen = next((r for r in mine if str(r.pk) == request.POST.get("registration")), None)
        if chosen is not None:
            del request.session[SESSION_KEY]
            result = checkin_self(registration=chosen, token=grant["token"], scanned_at=grant["at"])
            return render(
                request,
                "events/checkin/self_result.html",
                {
                    "conference": conference,
                    "result": result.result,
                    "message": result.message,
                    "registration": chosen,
                },
            )
    return render(
        request, "events/checkin/self_confirm.html", {"conference": conference, "mine": mine}
    )
