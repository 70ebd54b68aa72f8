from allauth.account.adapter import DefaultAccountAdapter

from core.http import client_ip_for_limits


class AccountAdapter(DefaultAccountAdapter):
    """No self-service sign-up: accounts are made by invitation only."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits key on: the same as ours
        (``TRUSTED_PROXY_COUNT``), and never a refusal when a request reaches
        us with fewer forwarded hops than configured."""
        return client_ip_for_limits(request)
