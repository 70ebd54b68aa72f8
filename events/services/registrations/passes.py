"""Pass codes and the emailed pass."""

import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Registration, RegistrationStatus, RetiredCode


def new_pass_code() -> str:
    """192 random bits, URL-safe: the only thing a pass QR carries. Never
    starts with "-", which a spreadsheet reads as a formula (1 in 64 drawn;
    drawing again costs a tenth of a bit)."""
    while (code := secrets.token_urlsafe(24)).startswith("-"):
        pass
    return code


# No 0/O, 1/I: read aloud or typed from a printed pass without doubt.
MANUAL_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MANUAL_CODE_LENGTH = 8


def new_manual_code() -> str:
    """40 random bits in 8 unambiguous characters: what staff type when a
    camera or a screen fails. Unique per conference (a constraint); a door
    lookup by it is rate-limited like any scan."""
    return "".join(secrets.choice(MANUAL_CODE_ALPHABET) for _ in range(MANUAL_CODE_LENGTH))


def normalize_manual_code(raw: object) -> str | None:
    """ "k7fm 3qx9", "K7FM-3QX9" -> "K7FM3QX9"; None if it cannot be one."""
    if not isinstance(raw, str) or len(raw) > 20:
        return None
    text = "".join(ch for ch in raw.upper() if ch.isalnum())
    if len(text) != MANUAL_CODE_LENGTH or any(ch not in MANUAL_CODE_ALPHABET for ch in text):
        return None
    return text


@transaction.atomic
def registration_reissue_code(*, registration: Registration, notify: bool = False) -> Registration:
    """Give the registration a new pass code; the old one stops working
    (a scan of it answers ``revoked``)."""
    RetiredCode.objects.create(code=registration.code, registration=registration)
    registration.code = new_pass_code()
    registration.manual_code = new_manual_code()
    registration.code_issued_at = timezone.now()
    registration.save(update_fields=["code", "manual_code", "code_issued_at", "updated_at"])
    if notify and registration.status == RegistrationStatus.APPROVED:
        transaction.on_commit(lambda: registration_send_pass(registration=registration))
    return registration


def registration_link_user(*, registration: Registration):
    """The account the delegate logs in with (by emailed code), created if new."""
    from events.services.users import user_get_or_create

    if registration.user_id or not registration.email:
        return registration.user
    user = user_get_or_create(email=registration.email, name=registration.full_name)
    registration.user = user
    registration.save(update_fields=["user", "updated_at"])
    return user


def pass_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse(
        "events:my_pass", kwargs={"slug": registration.conference.slug}
    )


def registration_send_pass(*, registration: Registration) -> bool:
    """Email the delegate the link to their pass. False when there is no email."""
    if not registration.email or registration.status != RegistrationStatus.APPROVED:
        return False
    registration_link_user(registration=registration)
    conference = registration.conference
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "conference": conference,
            "pass_url": pass_url(registration),
            "login_url": settings.SITE_URL + reverse("account_request_login_code"),
        }
        subject = _("[Hội nghị] Your pass for %(conference)s") % {"conference": conference.title}
        body = render_to_string("emails/registration_pass.txt", context)
    send_mail(subject, body, None, [registration.email])
    return True
