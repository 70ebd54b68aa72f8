from allauth.account.models import EmailAddress
from django.db import transaction

from events.models import User
from events.names import clean_text


@transaction.atomic
def user_get_or_create(*, email: str, name: str = "", password: str | None = None) -> User:
    """The account for an email address, created without a password if new.

    People invited by email log in with a code sent to that address; the
    address is recorded as the account's primary email for allauth.
    """
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, name=clean_text(name))
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
    elif name and not user.name:
        user.name = clean_text(name)
        user.save(update_fields=["name"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": False}
    )
    return user
