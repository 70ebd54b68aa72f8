"""Helpers for the views of every app: load-and-check decorators and showing
a service's error on the form that fed it, a device's pairing QR."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from core.pairing import device_cookie_set, pairing_pending
from core.qr import qr_svg


def object_view(*, load: Callable, visible: Callable, default: Callable):
    """A decorator factory: ``@decorator(predicate)`` loads the object named
    by the URL's ``slug`` with ``load(slug=...)`` and checks ``predicate``
    (``default`` when none is given).

    An unknown slug, or an object the user may not even see, gives 404 (an
    anonymous visitor is asked to log in first); a visible object the user
    may not act on gives 403. The view receives the object after ``request``.
    """

    def decorator_factory(predicate: Callable = default):
        def decorator(view):
            @wraps(view)
            def wrapper(request, slug, *args, **kwargs):
                obj = load(slug=slug)
                if obj is None or not visible(request.user, obj):
                    if obj is not None and not request.user.is_authenticated:
                        return redirect_to_login(request.get_full_path())
                    raise Http404
                if not predicate(request.user, obj):
                    raise PermissionDenied
                return view(request, obj, *args, **kwargs)

            return wrapper

        return decorator

    return decorator_factory


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that fed it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def pairing_qr_context(request, device, *, url_name: str) -> dict:
    """``pairing_url`` and its ``qr`` for a device's staff page, while its
    one-time pairing secret can be used (both None otherwise)."""
    if not pairing_pending(device):
        return {"pairing_url": None, "qr": None}
    url = request.build_absolute_uri(reverse(url_name, kwargs={"secret": device.pairing_secret}))
    return {"pairing_url": url, "qr": qr_svg(url)}


def device_paired_response(request, *, token: str, cookie: str, path: str, to: str):
    """After a browser device (entrance screen, kiosk tablet) paired: any
    staff login on it ends, so none is left on a shared device; the token
    goes into its device cookie and the browser moves on to ``to``."""
    if request.user.is_authenticated:
        logout(request)
    response = redirect(to)
    device_cookie_set(response, name=cookie, token=token, path=path)
    return response
