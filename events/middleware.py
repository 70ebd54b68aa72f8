"""Session rules for staff accounts (issue #10, item 14).

``StaffSessionMiddleware`` (after allauth's ``AccountMiddleware``):

- Organizers and site administrators must have an authenticator app
  (allauth's TOTP). Until they do, every page sends them to the TOTP setup
  page, existing sessions included; only the MFA pages themselves,
  reauthentication, logout, static files, the language switch and the API
  are served. ``MFA_REQUIRED_FOR_ORGANIZERS`` turns this off.
- People whose only roles are check-in staff use shared door phones: their
  session ends after ``SHARED_DEVICE_IDLE_TIMEOUT`` seconds without a request
  (the request that finds it idle is served as anonymous). Everyone else
  keeps the normal session lifetime.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from events.selectors.accounts import session_policy

LAST_SEEN_KEY = "hoinghi_last_seen"
# Write the last-seen time at most this often (a session save per request
# would cost a database write per scan on the door phones).
LAST_SEEN_EVERY = 60


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def exempt_prefixes(self) -> tuple[str, ...]:
        return (
            reverse("mfa_index"),  # /accounts/2fa/: activate, authenticate, recovery codes
            reverse("account_reauthenticate"),
            reverse("account_logout"),
            reverse("set_language"),
            "/" + settings.STATIC_URL.lstrip("/"),
            "/api/",
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request, user):
        path = request.path_info
        exempt = path.startswith(self.exempt_prefixes)
        mfa_on = getattr(settings, "MFA_REQUIRED_FOR_ORGANIZERS", True)
        policy = session_policy(user=user, check_totp=mfa_on and not exempt)
        if policy.shared_device and self._idle(request):
            logout(request)
            minutes = settings.SHARED_DEVICE_IDLE_TIMEOUT // 60
            messages.info(
                request,
                _("You were signed out after %(n)s minutes without activity.") % {"n": minutes},
            )
            return None  # served as anonymous: pages ask to log in again
        if mfa_on and not exempt and policy.must_use_mfa and not policy.has_totp:
            if request.method == "GET":
                messages.warning(
                    request,
                    _(
                        "Organizers and administrators must use an authenticator app. "
                        "Set it up to continue."
                    ),
                )
            return redirect("mfa_activate_totp")
        return None

    @staticmethod
    def _idle(request) -> bool:
        now = time.time()
        last = request.session.get(LAST_SEEN_KEY)
        if last is not None and now - last > settings.SHARED_DEVICE_IDLE_TIMEOUT:
            return True
        if last is None or now - last > LAST_SEEN_EVERY:
            request.session[LAST_SEEN_KEY] = now
        return False
