"""Self check-in: the entrance screen's rotating QR and the delegate's
confirmation page on their own phone."""

import time

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events import permissions, selectors
from events.checkin_qr import qr_svg
from events.checkin_tokens import (
    SELF_CHECKIN_PERIOD,
    self_checkin_token,
    self_checkin_token_read,
)
from events.selectors import checkin as selectors_checkin
from events.services.checkin import Result, checkin_list_main
from events.services.checkin_self import checkin_self
from events.views.base import conference_view

SESSION_KEY = "self_checkin"


def _entrance_code(request, conference) -> dict:
    checkin_list = checkin_list_main(conference=conference)
    token = self_checkin_token(list_id=checkin_list.pk)
    url = request.build_absolute_uri(
        reverse("events:self_checkin", kwargs={"slug": conference.slug, "token": token})
    )
    return {"url": url, "svg": qr_svg(url), "period": SELF_CHECKIN_PERIOD}


@conference_view(permissions.can_check_in)
def entrance(request, conference):
    return render(
        request,
        "events/checkin/entrance.html",
        {"conference": conference, "code": _entrance_code(request, conference)},
    )


@never_cache
@conference_view(permissions.can_check_in)
def entrance_code(request, conference):
    return JsonResponse(_entrance_code(request, conference))


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
