"""The invitation letter (giấy mời) to each member unit's liaison, with the
unit's PDF attached; the unit's reply is its registration through the link."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events.exports.invitations import invitation_filename, invitation_pdf
from events.mail.compose import compose
from events.mail.registry import MailKind, register
from events.mail.reminders import liaison_recipients
from events.selectors.invitations import invitation_setup_for, invitee_for_unit
from events.services.invitations import invitation_require_complete
from events.services.liaisons import liaison_link


def _members(conference):
    return conference.term.members.order_by("sort_key")


def _check(conference, target_id):
    # Settings a letter cannot go out without: refused before anything is queued.
    invitation_require_complete(invitation_setup_for(conference=conference))


def _recipients(conference, target_id):
    return liaison_recipients(conference, _members(conference))


def _describe(conference) -> str:
    recipients = list(_recipients(conference, None))
    count = len(recipients)
    text = ngettext(
        "One letter to the liaison of %(count)s unit, with its PDF attached.",
        "One letter to the liaison of each of %(count)s units, with its PDF attached.",
        count,
    ) % {"count": count}
    without = sum(1 for r in recipients if r.skip)
    if without:
        # Said before sending: these are logged as skipped, never emailed.
        text += " " + ngettext(
            "%(without)s of them has no liaison with an email: print that letter.",
            "%(without)s of them have no liaison with an email: print those letters.",
            without,
        ) % {"without": without}
    return text


def _message(delivery):
    conference, unit = delivery.mailing.conference, delivery.unit
    invitee = invitee_for_unit(conference=conference, unit=unit)
    return compose(
        to=delivery.email,
        subject=_("Invitation: %(conference)s") % {"conference": conference.title},
        template="invitation",
        context={"conference": conference, "unit": unit, "link": liaison_link(conference, unit)},
        attachments=[
            (
                invitation_filename(conference, invitee, "pdf"),
                invitation_pdf(conference, unit),
                "application/pdf",
            )
        ],
    )


INVITATION = register(
    MailKind(
        code="invitation",
        label=gettext_lazy("Invitation letters"),
        check=_check,
        recipients=_recipients,
        message=_message,
        describe=_describe,
    )
)
