"""Naming organizers, chairs, check-in staff and unit liaisons by email."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core import realtime
from core.errors import field_error
from events.models import Conference, Membership, MemberUnit, StaffRole, User
from events.services.activity import SYSTEM, ActivityMeta, activity_record
from events.services.users import user_get_or_create


def staff_invite(
    *,
    conference: Conference,
    email: str,
    role: str,
    invited_by: User | None,
    unit: MemberUnit | None = None,
    name: str = "",
    send_email: bool = True,
    meta: ActivityMeta = SYSTEM,
) -> Membership:
    """Give a person a staff role in a conference and email them the way in."""
    if role == StaffRole.LIAISON:
        if unit is None:
            raise field_error("unit", _("Choose the unit this liaison registers."), "unit_required")
        if not conference.term.members.filter(pk=unit.pk).exists():
            raise field_error(
                "unit", _("This unit is not a member of the cluster this year."), "foreign_unit"
            )
    else:
        unit = None
    with transaction.atomic():
        user = user_get_or_create(email=email, name=name)
        membership, created = Membership.objects.get_or_create(
            conference=conference,
            user=user,
            role=role,
            defaults={"unit": unit, "invited_by": invited_by},
        )
        if not created and membership.unit_id != (unit.pk if unit else None):
            membership.unit = unit
            membership.save(update_fields=["unit"])
        if created:
            activity_record(
                conference=conference,
                actor=invited_by,
                action="staff.invited",
                obj=membership,
                label=user.email,
                data={"email": user.email, "role": role, "unit": unit.pk if unit else None},
                meta=meta,
            )
        if created and send_email:
            transaction.on_commit(lambda: _send_invitation(membership))
    return membership


def staff_remove(*, membership: Membership, meta: ActivityMeta = SYSTEM) -> None:
    """Take the role away. Once committed, the person's open sockets of this
    conference check their access again and close if it is gone."""
    conference, user = membership.conference, membership.user
    with transaction.atomic():
        activity_record(
            conference=conference,
            action="staff.removed",
            obj=membership,
            label=user.email,
            data={"email": user.email, "role": membership.role},
            meta=meta,
        )
        membership.delete()
        realtime.broadcast_on_commit(
            realtime.staff_group(conference.pk, user.pk), {"type": "staff.removed"}
        )


def _send_invitation(membership: Membership) -> None:
    conference = membership.conference
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "membership": membership,
            "conference": conference,
            "role": membership.get_role_display(),
            "conference_url": settings.SITE_URL + conference.get_absolute_url(),
            "login_url": settings.SITE_URL + reverse("account_request_login_code"),
        }
        subject = _("[Hội nghị] You are invited to %(conference)s") % {
            "conference": conference.title
        }
        body = render_to_string("emails/staff_invitation.txt", context)
    send_mail(subject, body, None, [membership.user.email])
