"""Inviting one liaison per member unit, with a personal link and a QR."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.models import Conference, Membership, MemberUnit, StaffRole, User
from events.services.registrations import policy_for
from events.services.staff import staff_invite


def liaison_link(conference: Conference, unit: MemberUnit) -> str:
    """The liaison's personal link: their unit's delegation page."""
    return settings.SITE_URL + reverse(
        "events:liaison_unit", kwargs={"slug": conference.slug, "unit_id": unit.pk}
    )


def liaison_invite(
    *,
    conference: Conference,
    unit: MemberUnit,
    email: str,
    name: str = "",
    invited_by: User | None,
    send_email: bool = True,
) -> Membership:
    """Name the liaison of ``unit`` (replacing nobody: a unit may have two) and
    email them their personal link."""
    with transaction.atomic():
        membership = staff_invite(
            conference=conference,
            email=email,
            role=StaffRole.LIAISON,
            unit=unit,
            name=name,
            invited_by=invited_by,
            send_email=False,
        )
        if send_email:
            transaction.on_commit(lambda: liaison_send_link(membership=membership))
    return membership


def liaison_send_link(*, membership: Membership) -> None:
    conference, unit = membership.conference, membership.unit
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "emails/liaison_invitation.txt",
            {
                "conference": conference,
                "unit": unit,
                "email": membership.user.email,
                "link": liaison_link(conference, unit),
                "deadline": policy_for(conference).deadline,
            },
        )
        subject = _("[Hội nghị] Register the delegation of %(unit)s") % {"unit": unit.name}
    send_mail(subject, body, None, [membership.user.email])
