"""Reminders to the liaisons of units that have registered nobody yet,
before the registration deadline."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import DomainError
from events.mail.compose import compose
from events.mail.registry import MailKind, Recipient, register
from events.models import StaffRole
from events.services.liaisons import liaison_link
from events.services.registrations import ACTIVE_STATUSES, deadline_passed, policy_for


def units_without_registrations(conference):
    """Member units of the conference's term with nobody pending or approved."""
    registered = conference.registrations.filter(
        status__in=ACTIVE_STATUSES, unit__isnull=False
    ).values("unit_id")
    return conference.term.members.exclude(pk__in=registered).order_by("sort_key")


def _check(conference, target_id):
    if deadline_passed(conference):
        raise DomainError(
            _("The registration deadline has passed; reminders are no longer sent."),
            "deadline_passed",
        )
    if not units_without_registrations(conference).exists():
        raise DomainError(_("Every unit has registered someone."), "nobody_to_remind")


def liaison_recipients(conference, units):
    """One recipient per active liaison of each unit; a unit without one is
    a skipped recipient (``no_liaison``). For any kind written to units."""
    liaisons: dict[int, list] = {}
    for membership in conference.memberships.filter(
        role=StaffRole.LIAISON, user__is_active=True
    ).select_related("user"):
        liaisons.setdefault(membership.unit_id, []).append(membership.user)
    for unit in units:
        users = liaisons.get(unit.pk)
        if not users:
            yield Recipient(name=unit.name, email="", unit_id=unit.pk, skip="no_liaison")
        for user in users or ():
            yield Recipient(
                name=f"{user.get_full_name()} ({unit.short_name})",
                email=user.email,
                unit_id=unit.pk,
                skip="" if user.email else "no_email",
            )


def _recipients(conference, target_id):
    return liaison_recipients(conference, units_without_registrations(conference))


def _describe(conference) -> str:
    count = units_without_registrations(conference).count()
    deadline = policy_for(conference).deadline
    text = ngettext(
        "%(count)s unit has registered nobody yet.",
        "%(count)s units have registered nobody yet.",
        count,
    ) % {"count": count}
    if deadline is None:
        return text + " " + _("No registration deadline is set.")
    return (
        text
        + " "
        + _("Deadline: %(deadline)s.")
        % {"deadline": date_format(timezone.localtime(deadline), "d/m/Y H:i")}
    )


def _message(delivery):
    conference = delivery.mailing.conference
    unit = delivery.unit
    return compose(
        to=delivery.email,
        subject=_("Reminder: register your delegation for %(conference)s")
        % {"conference": conference.title},
        template="reminder",
        context={
            "conference": conference,
            "unit": unit,
            "deadline": policy_for(conference).deadline,
            "link": liaison_link(conference, unit),
        },
    )


REMINDER = register(
    MailKind(
        code="reminder",
        label=gettext_lazy("Registration reminders"),
        check=_check,
        recipients=_recipients,
        message=_message,
        describe=_describe,
    )
)
