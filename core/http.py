"""HTTP edges shared by every app: who the client is behind our proxies,
and the JSON error shape of the API under ``/api/``."""

from __future__ import annotations

import ipaddress
import json
import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from core.errors import DomainError

logger = logging.getLogger("core.http")

API_PREFIX = "/api/"
# Deeper JSON than this is refused before parsing: the scanner sends a flat
# object, and Python's json raises RecursionError near a thousand levels.
MAX_JSON_DEPTH = 20


def client_ip(request) -> str:
    """The client's address, trusting exactly ``TRUSTED_PROXY_COUNT`` proxies.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the
    client is the entry that many places from the right; anything left of it
    was written by the client and is ignored. With no trusted proxy the
    header is ignored altogether (a client cannot pick its own address)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            candidate = _clean_ip(hops[-count])
            if candidate:
                return candidate
    return _clean_ip(request.META.get("REMOTE_ADDR", "")) or ""


def client_ip_for_limits(request) -> str:
    """django-ratelimit's IP (settings.RATELIMIT_IP_META_KEY). Clients whose
    address is unknown (a Unix socket without X-Forwarded-For) share one
    bucket instead of failing."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 (a bucket name, not a bind)


def public_rate(group: str, _request) -> str:
    """django-ratelimit's rate for a public page: settings.RATELIMIT_RATES."""
    return settings.RATELIMIT_RATES[group]


def _clean_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class ApiError(DomainError):
    """A refusal of the request itself: HTTP ``status`` and the API's shape
    ``{"result": "invalid", "reason": <stable code>, "message": <translated>}``."""

    def __init__(self, status: int, reason: str, message: str):
        super().__init__(message, reason)
        self.status, self.reason, self.message = status, reason, str(message)

    def response(self) -> JsonResponse:
        return api_error_response(self.status, self.reason, self.message)


def api_error_response(status: int, reason: str, message: str) -> JsonResponse:
    # The access log has the request's one line; the reason is for debugging.
    logger.debug("API request refused: %s %s", status, reason)
    return JsonResponse(
        {"result": "invalid", "reason": reason, "message": str(message)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def json_object(request, *, max_bytes: int, fields: dict[str, tuple[type, ...]]) -> dict:
    """The request body as a JSON object whose known ``fields`` have the
    given types (``type(None)`` for "may be null"); raises ApiError.

    Missing fields are left to the service (they are answers, not
    malformed requests)."""
    body = request.body  # RequestDataTooBig above DATA_UPLOAD_MAX_MEMORY_SIZE
    if len(body) > max_bytes:
        raise ApiError(413, "body_too_large", _("The request is too large."))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", _("The request is not valid UTF-8.")) from None
    if _nesting(text) > MAX_JSON_DEPTH:
        raise ApiError(400, "too_deeply_nested", _("The request's JSON is nested too deeply."))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ApiError(400, "malformed_json", _("The request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ApiError(400, "not_an_object", _("The request must be a JSON object."))
    for name, types in fields.items():
        value = data.get(name)
        if name in data and (
            not isinstance(value, types) or (isinstance(value, bool) and bool not in types)
        ):
            raise ApiError(
                400,
                "wrong_type",
                _("The field “%(field)s” has the wrong type.") % {"field": name},
            )
    return data


def _nesting(text: str) -> int:
    """The deepest bracket nesting outside strings (an upper bound of the
    parsed depth; cheap and never recursive)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
