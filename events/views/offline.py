"""The offline-first door (docs/offline.md): the service worker and web app
manifest of the scanner, pass and live-agenda pages, and the two API calls
of a paired phone without network: its encrypted roster and the sync of the
scans it decided alone."""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.http import ApiError, json_object
from events.roster_crypto import roster_key, roster_seal
from events.selectors.roster import roster_payload
from events.services.checkin_setup import device_authenticate
from events.services.checkin_sync import MAX_SCANS, checkin_sync

# What the phone needs to open the scanner with no network at all.
PRECACHE_STATIC = (
    "css/app.css",
    "css/checkin.css",
    "img/icon.svg",
    "img/icon-192.png",
    "img/icon-512.png",
    "vendor/jsqr/jsQR.js",
    "js/app.js",
    "js/pwa.js",
    "js/roster.js",
    "js/pass-signature.js",
    "vendor/tweetnacl/nacl.min.js",
    "js/scanner.js",
    "js/page-actions.js",
    "js/socket.js",
    "js/agenda-live.js",
)
SYNC_MAX_BODY = 96 * 1024  # MAX_SCANS scans of ~300 bytes, with room


def _device(request):
    header = request.headers.get("Authorization", "")
    device = device_authenticate(token=header[7:].strip()) if header.startswith("Bearer ") else None
    if device is None:
        # The phone wipes its roster on this answer (docs/offline.md).
        raise ApiError(
            401,
            "device_not_authorised",
            _("This scanner is not paired or was revoked. Pair it again."),
        )
    return device, header[7:].strip()


@require_GET
def roster(request):
    """The encrypted roster of the calling device (``?since=<version>``: a delta)."""
    try:
        device, token = _device(request)
    except ApiError as denied:
        return denied.response()
    since = request.GET.get("since", "")
    payload = roster_payload(device=device, since=int(since) if since.isdigit() else None)
    envelope = roster_seal(
        key=roster_key(token),
        payload=payload,
        conference_id=device.conference_id,
        device_id=device.pk,
    )
    response = JsonResponse(envelope)
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # Bearer requests only: no cookie is involved.
@require_POST
def sync(request):
    """Scans decided on the phone while offline, in batches of MAX_SCANS."""
    try:
        device, _token = _device(request)
        data = json_object(
            request,
            max_bytes=SYNC_MAX_BODY,
            fields={"scans": (list,), "sent_at": (int, float)},
        )
        scans = data.get("scans") or []
        if len(scans) > MAX_SCANS:
            raise ApiError(
                413,
                "too_many_scans",
                _("At most %(n)d scans per request.") % {"n": MAX_SCANS},
            )
    except ApiError as denied:
        return denied.response()
    answer = checkin_sync(device=device, scans=scans, sent_at=data.get("sent_at"))
    return JsonResponse(answer.as_json(), json_dumps_params={"ensure_ascii": False})


@lru_cache(maxsize=4)
def _version(_debug: bool) -> str:
    """A hash of the service worker and every file it caches: a deploy that
    changes any of them installs a new worker, which asks to reload."""
    digest = hashlib.sha256(render_to_string("events/offline/sw.js", {"v": ""}).encode())
    for name in PRECACHE_STATIC:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request):
    """``/sw.js``: served from the root so its scope covers the scanner, the
    pass and the live agenda (static files could only scope /static/)."""
    urls = [reverse("events:device_scanner"), *(static(name) for name in PRECACHE_STATIC)]
    body = render_to_string(
        "events/offline/sw.js",
        {
            "v": _version(settings.DEBUG),
            "precache": json.dumps(urls),
            "static_prefix": json.dumps("/" + settings.STATIC_URL.lstrip("/")),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": _("Hội nghị: check-in scanner"),
        "short_name": _("Scanner"),
        "start_url": reverse("events:device_scanner"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#a4161a",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
