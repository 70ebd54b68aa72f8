"""Invitation letters (giấy mời, NĐ 30/2020 Mẫu 1.7) as bytes: one PDF or DOCX
per member unit or guest organisation, all letters as one PDF, all DOCX as a
ZIP. Plain functions, so the mail kind can attach them:

    invitation_pdf(conference, unit) -> bytes
    invitation_docx(conference, unit) -> bytes
    invitations_pdf(conference) -> bytes

``unit`` is a member unit of the conference's term or an ``Invitee`` (a
guest organisation). Each refuses with a ``DomainError`` when the settings
lack what a letter cannot go out without (``invitation_incomplete``) or the
unit is not invited (``invitation_not_invited``): nothing half-made.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from core import nd30
from core.errors import DomainError
from core.pdf import render_html_pdf
from core.qr import qr_png_data_uri
from events.exports.invitation_text import Letter, letter_for
from events.models import Conference, InvitationSetup, MemberUnit
from events.selectors.invitations import (
    Invitee,
    invitation_setup_for,
    invitee_for_unit,
    invitees,
)
from events.services.invitations import invitation_require_complete

CSS_PATH = Path(nd30.STYLESHEET).with_name("invitation.css")


def _ready(conference: Conference) -> InvitationSetup:
    setup = invitation_setup_for(conference=conference)
    invitation_require_complete(setup)
    return setup


def _invitee(conference: Conference, unit: MemberUnit | Invitee) -> Invitee:
    if isinstance(unit, Invitee):
        return unit
    invitee = invitee_for_unit(conference=conference, unit=unit)
    if invitee is None:
        raise DomainError(
            _("%(unit)s is not a member unit of this conference's cluster term."),
            "invitation_not_invited",
            params={"unit": unit.name},
        )
    return invitee


def letters(conference: Conference, targets: list[Invitee] | None = None) -> list[Letter]:
    """The letters' words, for ``targets`` (default: everyone invited)."""
    setup = _ready(conference)
    targets = targets if targets is not None else invitees(conference=conference, setup=setup)
    return [letter_for(conference=conference, invitee=t, setup=setup) for t in targets]


def _pdf(conference: Conference, batch: list[Letter]) -> bytes:
    with_qr = [
        Letter(**{**letter.__dict__, "qr": qr_png_data_uri(letter.link) if letter.link else ""})
        for letter in batch
    ]
    with override("vi"):
        html = render_to_string(
            "documents/invitations/letter.html",
            {"letters": with_qr, "conference_title": conference.title},
        )
    return render_html_pdf(html, stylesheets=(nd30.STYLESHEET, CSS_PATH), strict=True)


def invitation_pdf(conference: Conference, unit: MemberUnit | Invitee) -> bytes:
    """The letter to one member unit (or guest organisation) as a PDF."""
    return _pdf(conference, letters(conference, [_invitee(conference, unit)]))


def invitations_pdf(conference: Conference) -> bytes:
    """Every letter, one after the other, as one PDF (for printing)."""
    return _pdf(conference, letters(conference))


def invitation_docx(conference: Conference, unit: MemberUnit | Invitee) -> bytes:
    """The letter to one member unit (or guest organisation) as a DOCX."""
    from events.exports.invitations_docx import letters_docx

    (letter,) = letters(conference, [_invitee(conference, unit)])
    issued_on = invitation_setup_for(conference=conference).issued_on
    (body,) = letters_docx([letter], issued_on=issued_on)
    return body


def invitation_filename(conference: Conference, invitee: Invitee, extension: str) -> str:
    """ "giay-moi-12-GM-SNV-u7.pdf": the number, then who it is addressed to."""
    setup = invitation_setup_for(conference=conference)
    reference = setup.reference.replace("/", "-") or conference.slug
    return f"giay-moi-{reference}-{invitee.key}.{extension}"


def invitations_docx_zip(conference: Conference) -> bytes:
    """Every letter as its own DOCX, in one ZIP (each file named by its key
    and the invitee's name, so the office finds it)."""
    from events.exports.invitations_docx import letters_docx
    from events.names import slugify_vi

    setup = _ready(conference)
    targets = invitees(conference=conference, setup=setup)
    batch = [letter_for(conference=conference, invitee=t, setup=setup) for t in targets]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for target, body in zip(
            targets, letters_docx(batch, issued_on=setup.issued_on), strict=True
        ):
            stem = invitation_filename(conference, target, "docx").removesuffix(".docx")
            name = f"{stem}-{slugify_vi(target.name)[:60]}.docx"
            info = zipfile.ZipInfo(name, date_time=(*setup.issued_on.timetuple()[:3], 8, 0, 0))
            info.compress_type = zipfile.ZIP_STORED  # DOCX files are compressed already
            archive.writestr(info, body)
    return out.getvalue()
