"""The pass email: the QR inline, the manual code under it, the pass link."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import DomainError
from core.qr import qr_png_for_email
from events.mail.compose import compose
from events.mail.registry import MailKind, Recipient, register
from events.models import Registration, RegistrationStatus
from events.names import join_name
from events.selectors.passes import pass_qr_payload


def pass_link(registration: Registration) -> str:
    """The pass's bearer link: opens the pass without logging in, stops
    working when the code is reissued. What the email and "share" carry."""
    return settings.SITE_URL + reverse("events:pass_by_code", kwargs={"code": registration.code})


def _approved(conference):
    return conference.registrations.filter(status=RegistrationStatus.APPROVED)


def _check(conference, target_id):
    if target_id is None:
        if not _approved(conference).exists():
            raise DomainError(_("No delegate is approved yet."), "nobody_approved")
        return
    registration = conference.registrations.filter(pk=target_id).first()
    if registration is None or registration.status != RegistrationStatus.APPROVED:
        raise DomainError(_("Only an approved delegate has a pass to send."), "not_approved")
    if not registration.email:
        raise DomainError(
            _("%(name)s has no email address; add one first, or share the pass link.")
            % {"name": registration.full_name},
            "no_email",
        )


def _recipients(conference, target_id):
    registrations = _approved(conference).order_by("sort_key", "pk")
    if target_id is not None:
        registrations = registrations.filter(pk=target_id)
    # Plain values: a model instance per delegate costs a query each here.
    rows = registrations.values_list(
        "pk", "family_name", "middle_name", "given_name", "email", "unit_id"
    )
    for pk, family, middle, given, email, unit_id in rows:
        yield Recipient(
            name=join_name(family, middle, given),
            email=email,
            registration_id=pk,
            unit_id=unit_id,
            skip="" if email else "no_email",
        )


def _describe(conference) -> str:
    approved = _approved(conference)
    total = approved.count()
    without = approved.filter(email="").count()
    return ngettext(
        "%(count)s approved delegate, %(without)s without an email address.",
        "%(count)s approved delegates, %(without)s without an email address.",
        total,
    ) % {"count": total, "without": without}


def _message(delivery):
    registration = delivery.registration
    conference = delivery.mailing.conference
    if registration is None or registration.status != RegistrationStatus.APPROVED:
        # Withdrawn or declined since the mailing started: no pass to send.
        raise DomainError(_("The registration is no longer approved."), "not_approved")
    return compose(
        to=delivery.email,
        subject=_("Your pass for %(conference)s") % {"conference": conference.title},
        template="pass",
        context={
            "registration": registration,
            "conference": conference,
            "pass_link": pass_link(registration),
            "site_url": settings.SITE_URL,
        },
        inline_png={"pass-qr": qr_png_for_email(pass_qr_payload(registration))},
    )


PASS = register(
    MailKind(
        code="pass",
        label=gettext_lazy("Passes"),
        check=_check,
        recipients=_recipients,
        message=_message,
        describe=_describe,
    )
)
