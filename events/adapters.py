from allauth.account.adapter import DefaultAccountAdapter

from core.http import client_ip_for_limits
from events.selectors.accounts import liaison_landing_path


class AccountAdapter(DefaultAccountAdapter):
    """No self-service sign-up: accounts are made by invitation only."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits key on: the same as ours
        (``TRUSTED_PROXY_COUNT``), and never a refusal when a request reaches
        us with fewer forwarded hops than configured."""
        return client_ip_for_limits(request)

    def get_login_redirect_url(self, request) -> str:
        """A liaison lands on their unit's page, where the work is; everyone
        else on the home page (a ``?next=`` still wins: allauth reads it first)."""
        return liaison_landing_path(user=request.user) or super().get_login_redirect_url(request)
