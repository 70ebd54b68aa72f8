"""Error views (config/urls.py's handlers): JSON in the API's shape under
``/api/``, a translated page elsewhere. Django calls them for exceptions that
escape a view or a middleware; allauth calls ``handler429`` for its own limits."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django_ratelimit.exceptions import Ratelimited

from core.http import api_error_response, is_api


def too_large(request, exception=None):
    if is_api(request):
        return api_error_response(413, "body_too_large", _("The request is too large."))
    return render(request, "413.html", status=413)


def too_many_requests(request, exception=None):
    if is_api(request):
        return api_error_response(
            429, "rate_limited", _("Too many requests. Wait a minute and try again.")
        )
    return render(request, "429.html", status=429)


def bad_request(request, exception=None):
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent)):
        return too_large(request, exception)
    if is_api(request):
        return api_error_response(400, "bad_request", _("The request is malformed."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if isinstance(exception, Ratelimited):
        return too_many_requests(request, exception)
    if is_api(request):
        return api_error_response(403, "forbidden", _("You may not do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return api_error_response(404, "not_found", _("There is no such API endpoint or object."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return api_error_response(
            500, "server_error", _("Something went wrong. The error has been logged.")
        )
    return defaults.server_error(request)
