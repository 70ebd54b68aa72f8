from functools import lru_cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy

from core.http import ApiError, api_error_response, is_api


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language in the app.

    Django's LocaleMiddleware follows the browser's Accept-Language, which
    would show English to a Vietnamese official whose phone is set to English.
    Here only the language switch (its cookie) changes the language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY) plus this
    request's websocket origin in ``connect-src``: ``'self'`` does not cover
    ws:/wss: in every browser. The host is the validated Host header.

    The common case (no per-view policy, no nonce) reuses the header built
    once per origin: building it costs ~0.15 ms, a tenth of a check-in scan."""

    _OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def process_response(self, request, response):
        origin = self._websocket_origin(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        simple = (
            origin
            and policy
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not settings.DEBUG
            and HEADER not in response
            and getattr(request, "_csp_nonce", None) is None
            and not any(getattr(response, name, None) for name in self._OVERRIDES)
            and not request.path_info.startswith(tuple(policy.get("EXCLUDE_URL_PREFIXES", ())))
        )
        if not simple:
            return super().process_response(request, response)
        response[HEADER] = _policy_for(origin, id(policy))
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        origin = self._websocket_origin(request)
        if origin:
            parts.update = {**(parts.update or {}), "connect-src": [origin]}
        return parts

    @staticmethod
    def _websocket_origin(request) -> str | None:
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        return f"{'wss' if request.is_secure() else 'ws'}://{host}"


@lru_cache(maxsize=64)
def _policy_for(origin: str, _policy_id: int) -> str:
    """The header for one origin; keyed by the policy object too, so a
    changed setting (tests) is never served stale."""
    return build_policy(update={"connect-src": [origin]})


_API_REASONS = {
    400: ("bad_request", _lazy("The request is malformed.")),
    403: ("forbidden", _lazy("You may not do this.")),
    404: ("not_found", _lazy("There is no such API endpoint or object.")),
    405: ("method_not_allowed", _lazy("This method is not allowed here.")),
    413: ("body_too_large", _lazy("The request is too large.")),
    429: ("rate_limited", _lazy("Too many requests. Wait a minute and try again.")),
}


class ApiErrorMiddleware:
    """Under /api/ every refusal is JSON in the API's shape (core.http):
    an ApiError raised by a view, a redirect to the login page (401), and
    any non-JSON error answer (405 from require_POST, Django's HTML pages).
    The error views in core.views turn exceptions (oversized bodies, 404,
    403, 500) into the same shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api(request) and self._to_login(response):
            return api_error_response(401, "not_logged_in", _lazy("Log in first."))
        if (
            is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            reason, message = _API_REASONS.get(
                response.status_code,
                ("server_error", _lazy("Something went wrong. The error has been logged.")),
            )
            replaced = api_error_response(response.status_code, reason, message)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        return response

    @staticmethod
    def _to_login(response) -> bool:
        """A redirect to the login page (a view's login_required): a program
        cannot log in through an HTML form."""
        return response.status_code in (301, 302, 303, 307) and response.get(
            "Location", ""
        ).startswith(resolve_url(settings.LOGIN_URL))

    def process_exception(self, request, exception):
        if isinstance(exception, ApiError):
            return exception.response()
        return None
