"""The words of one giấy mời (NĐ 30/2020, Phụ lục III, Mẫu 1.7), composed from
the conference's facts: who is invited, when, where, who chairs, the
delegation asked for, the reply deadline and the liaison's link. Always in
Vietnamese: the letter is an official document. Shared by the PDF and the
DOCX, so both say the same thing."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import nd30
from events.models import Conference, InvitationSetup
from events.selectors import conference_chairs
from events.selectors.invitations import Invitee, delegation_asked, reply_deadline
from events.services.liaisons import liaison_link


@dataclass(frozen=True)
class Letter:
    parent_body: str
    issuing_body: str
    reference: str
    place_date: str
    abstract: str
    addressee: str
    opening: str
    time: str
    place: str
    chair: str
    delegation: str
    closing: list[str]
    link: str
    recipients: list[str]
    signer_authority: str
    signer_title: str
    signer_name: str
    qr: str = ""  # data: URI of the link's QR (PDF only)

    def text(self) -> str:
        """Everything the letter says, one piece per line (for tests and the mail)."""
        pieces = [
            self.parent_body,
            self.issuing_body,
            self.reference,
            self.place_date,
            self.abstract,
            self.addressee,
            self.opening,
            self.time,
            self.place,
            self.chair,
            self.delegation,
            *self.closing,
            self.link,
            *self.recipients,
            self.signer_authority,
            self.signer_title,
            self.signer_name,
        ]
        return "\n".join(piece for piece in pieces if piece)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _time(conference: Conference) -> str:
    tz = timezone.get_default_timezone()
    start, end = conference.starts_at.astimezone(tz), conference.ends_at.astimezone(tz)
    day = _("%(weekday)s, date %(date)s") % {
        "weekday": nd30.weekday_text(start.date()),
        "date": nd30.short_date(start.date()),
    }
    if start.date() == end.date():
        return _("From %(start)s to %(end)s, %(day)s") % {
            "start": nd30.time_text(start),
            "end": nd30.time_text(end),
            "day": day,
        }
    return _("From %(start)s, %(day)s to %(end_day)s") % {
        "start": nd30.time_text(start),
        "day": day,
        "end_day": nd30.short_date(end.date()),
    }


def _chair(conference: Conference) -> str:
    term = conference.term
    ranks = {term.chair_id: _("cluster chair"), term.deputy_id: _("cluster deputy chair")}
    people = []
    for person in conference_chairs(conference=conference):
        parts = [_("comrade %(name)s") % {"name": person.full_name}]
        title = " ".join(p for p in (person.title, person.unit.name if person.unit_id else "") if p)
        if title:
            parts.append(title)
        if person.unit_id in ranks:
            parts.append(ranks[person.unit_id])
        people.append(", ".join(parts))
    if people:
        return _(" and ").join(people)
    return f"{term.chair.name} ({ranks[term.chair_id]})"


def _delegation(conference: Conference, invitee: Invitee) -> str:
    if invitee.unit is None:
        return _("the leadership of your organisation")
    asked = delegation_asked(conference=conference, unit=invitee.unit)
    roles = [
        _("%(role)s (%(count)s)") % {"role": role.name, "count": nd30.two_digits(role.places)}
        if role.places
        else role.name
        for role in asked.roles
    ]
    text = "; ".join(roles) if roles else _("leaders and specialists of your unit")
    if asked.total:
        text += "; " + _("no more than %(count)s people in all") % {
            "count": nd30.two_digits(asked.total)
        }
    return text


def _deadline(conference: Conference) -> str:
    deadline = reply_deadline(conference=conference)
    if deadline is None:
        return ""
    local = deadline.astimezone(timezone.get_default_timezone())
    return _("%(time)s, %(date)s") % {
        "time": nd30.time_text(local),
        "date": nd30.short_date(local.date()),
    }


def letter_for(*, conference: Conference, invitee: Invitee, setup: InvitationSetup) -> Letter:
    """The words of the letter to ``invitee``; nothing here is random or
    dated today, so the same settings give the same letter."""
    with override("vi"):
        host = conference.host_unit.name
        link = liaison_link(conference, invitee.unit) if invitee.unit else ""
        deadline = _deadline(conference)
        closing = []
        if link and deadline:
            closing.append(
                _(
                    "Please register your delegation by %(deadline)s at the link below "
                    "or by scanning its QR code; your registration is your reply."
                )
                % {"deadline": deadline}
            )
        elif link:
            closing.append(
                _(
                    "Please register your delegation at the link below or by scanning its "
                    "QR code; your registration is your reply."
                )
            )
        elif deadline:
            closing.append(
                _("Please confirm your attendance to the organizers by %(deadline)s.")
                % {"deadline": deadline}
            )
        if setup.contact:
            closing.append(
                _("For details, please contact: %(contact)s.") % {"contact": setup.contact}
            )
        closing.append(_("We look forward to your attendance, on time and as asked./."))
        place = ", ".join(p for p in (conference.venue, conference.address) if p)
        letter = Letter(
            parent_body=setup.parent_body.upper(),
            issuing_body=setup.issuing_body.upper(),
            reference=setup.reference,
            place_date=nd30.place_date(setup.place, setup.issued_on, "vi")
            if setup.issued_on
            else "",
            abstract=_("Attending the %(title)s") % {"title": conference.title},
            addressee=invitee.name,
            opening=_(
                "%(host)s respectfully invites %(addressee)s to send its delegates to the "
                "conference, as follows:"
            )
            % {"host": host, "addressee": invitee.name},
            time=_time(conference),
            place=place,
            chair=_chair(conference),
            delegation=_delegation(conference, invitee),
            closing=closing,
            link=link,
            recipients=[_("As above"), _("Filed: VT")],
            signer_authority=setup.signer_authority.upper(),
            signer_title=setup.signer_title.upper(),
            signer_name=setup.signer_name,
        )
    return Letter(
        **{
            k: _nfc(v) if isinstance(v, str) else [_nfc(x) for x in v]
            for k, v in letter.__dict__.items()
        }
    )
