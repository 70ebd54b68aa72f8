"""The check-in API (docs/api.md). Kept lean: a scan by a paired device is
one token lookup, one registration lookup and one insert; no templates."""

import logging

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.http import ApiError, json_object
from events import permissions, selectors
from events.models import CheckinList, CheckinMethod, Conference, ScannerDevice
from events.selectors import checkin as selectors_checkin
from events.services.checkin import (
    Result,
    checkin_annul,
    checkin_list_main,
    checkin_perform,
)
from events.services.checkin_setup import device_authenticate

logger = logging.getLogger("events.checkin")
MAX_BODY = 4096
OPTIONAL_TEXT = (str, type(None))
CHECKIN_FIELDS = {
    "code": OPTIONAL_TEXT,
    "nonce": (str,),
    "list": OPTIONAL_TEXT,
    "conference": OPTIONAL_TEXT,
    "registration": (int, type(None)),
    "manual_code": OPTIONAL_TEXT,
}
ANNUL_FIELDS = {"checkin": (int,), "conference": OPTIONAL_TEXT}


def checkin_method(*, registration_id: object, manual_code: object) -> str:
    if manual_code is not None:
        return CheckinMethod.CODE
    return CheckinMethod.MANUAL if registration_id is not None else CheckinMethod.CAMERA


class Denied(ApiError):
    """A refusal of the request itself, in the API's shape (core.http)."""


class Caller:
    """Who is calling: a paired device or a staff member's session."""

    def __init__(self, conference: Conference, device: ScannerDevice | None, user=None):
        self.conference, self.device, self.user = conference, device, user

    def checkin_list(self, slug: object) -> CheckinList:
        if self.device is not None:
            if slug not in (None, "", self.device.checkin_list.slug):
                raise Denied(403, "list_not_allowed", _("This scanner is paired to another list."))
            return self.device.checkin_list
        if slug in (None, ""):
            return checkin_list_main(conference=self.conference)
        found = (
            selectors_checkin.checkin_list_get(conference=self.conference, slug=slug)
            if isinstance(slug, str)
            else None
        )
        if found is None:
            raise Denied(400, "unknown_list", _("There is no such check-in list."))
        return found


def _bad_csrf(request) -> bool:
    check = CsrfViewMiddleware(lambda req: None)
    check.process_request(request)
    return check.process_view(request, None, (), {}) is not None


def _caller(request, conference_slug: object) -> Caller:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        device = device_authenticate(token=header[7:].strip())
        if device is None:
            raise Denied(
                401,
                "device_not_authorised",
                _("This scanner is not paired or was revoked. Pair it again."),
            )
        return Caller(device.conference, device)
    user = request.user
    if not user.is_authenticated:
        raise Denied(401, "not_logged_in", _("Log in or pair this scanner first."))
    if request.method == "POST" and _bad_csrf(request):
        raise Denied(403, "csrf", _("The page is out of date. Reload it."))
    conference = (
        selectors.conference_get(slug=conference_slug) if isinstance(conference_slug, str) else None
    )
    if conference is None:
        raise Denied(400, "unknown_conference", _("There is no such conference."))
    if not permissions.can_check_in(user, conference):
        raise Denied(403, "forbidden", _("You may not check people in at this conference."))
    return Caller(conference, None, user)


@csrf_exempt  # Bearer requests carry no cookie; session requests are checked in _caller.
@require_POST
def checkin(request):
    try:
        data = json_object(request, max_bytes=MAX_BODY, fields=CHECKIN_FIELDS)
        caller = _caller(request, data.get("conference"))
        checkin_list = caller.checkin_list(data.get("list"))
    except ApiError as denied:
        return denied.response()
    registration_id = data.get("registration")
    manual_code = data.get("manual_code")
    result = checkin_perform(
        conference=caller.conference,
        checkin_list=checkin_list,
        nonce=data.get("nonce"),
        code=data.get("code"),
        registration_id=registration_id,
        manual_code=manual_code,
        method=checkin_method(registration_id=registration_id, manual_code=manual_code),
        device=caller.device,
        user=caller.user,
    )
    return JsonResponse(result.as_json())


@csrf_exempt  # as above
@require_POST
def checkin_annul_view(request):
    try:
        data = json_object(request, max_bytes=MAX_BODY, fields=ANNUL_FIELDS)
        caller = _caller(request, data.get("conference"))
    except ApiError as denied:
        return denied.response()
    found = selectors_checkin.checkin_get(conference=caller.conference, pk=data.get("checkin"))
    if found is None or (caller.device is not None and found.device_id != caller.device.pk):
        return Denied(404, "unknown_checkin", _("There is no such check-in to undo.")).response()
    annulled = checkin_annul(checkin=found, user=caller.user, device=caller.device)
    if not annulled:
        return JsonResponse(
            {
                "result": Result.INVALID,
                "reason": "already_annulled",
                "message": _("Already undone."),
            }
        )
    return JsonResponse(
        {
            "result": Result.OK,
            "message": _("Check-in of %(name)s undone.") % {"name": found.registration.full_name},
        }
    )


@require_GET
def checkin_search(request):
    try:
        caller = _caller(request, request.GET.get("conference"))
        checkin_list = caller.checkin_list(request.GET.get("list"))
    except Denied as denied:
        return denied.response()
    people = selectors_checkin.registration_search(
        conference=caller.conference,
        query=request.GET.get("q", "")[:100],
        checkin_list=checkin_list,
    )
    return JsonResponse({"results": people})


@require_GET
def device_info(request):
    try:
        caller = _caller(request, request.GET.get("conference"))
        checkin_list = caller.checkin_list(request.GET.get("list"))
    except Denied as denied:
        return denied.response()
    return JsonResponse(
        {
            "conference": {
                "id": caller.conference.pk,
                "slug": caller.conference.slug,
                "title": caller.conference.title,
            },
            "list": {"slug": checkin_list.slug, "name": checkin_list.name},
            "device": caller.device.name if caller.device else None,
            "device_id": caller.device.pk if caller.device else None,
        }
    )
