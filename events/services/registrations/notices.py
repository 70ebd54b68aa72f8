"""Emails about a registration to the people around it (the unit's liaison)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.models import Registration, RegistrationStatus, StaffRole


def liaison_emails(registration: Registration) -> list[str]:
    """The addresses of the liaisons of the registration's unit."""
    if registration.unit_id is None:
        return []
    emails = registration.conference.memberships.filter(
        role=StaffRole.LIAISON, unit_id=registration.unit_id, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({email.lower() for email in emails if email})


def registration_send_declined(*, registration: Registration) -> int:
    """Tell the unit's liaisons that a delegate was declined, and why.

    One message per liaison (no one sees another's address). Returns how
    many were sent.
    """
    if registration.status != RegistrationStatus.DECLINED:
        return 0
    recipients = liaison_emails(registration)
    if not recipients:
        return 0
    conference = registration.conference
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "conference": conference,
            "unit_url": settings.SITE_URL
            + reverse(
                "events:liaison_unit",
                kwargs={"slug": conference.slug, "unit_id": registration.unit_id},
            ),
        }
        subject = _("[Hội nghị] %(name)s was not accepted for %(conference)s") % {
            "name": registration.full_name,
            "conference": conference.title,
        }
        body = render_to_string("emails/registration_declined.txt", context)
    for email in recipients:
        send_mail(subject, body, None, [email])
    return len(recipients)
