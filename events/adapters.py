from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No self-service sign-up: accounts are made by invitation only."""

    def is_open_for_signup(self, request):
        return False
