"""The covenant text: setting a conference up for signing, editing, freezing."""

from __future__ import annotations

import hashlib
import json
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Conference
from events.names import clean_text
from events.services.activity import activity_record
from signing.audit import SYSTEM, RequestMeta
from signing.errors import SigningError
from signing.markup import body_problems
from signing.models import Ceremony, CeremonyState, Covenant

EDITABLE_FIELDS = (
    "issuing_body",
    "title",
    "subtitle",
    "place",
    "signed_on",
    "legal_bases",
    "preamble",
    "body",
    "closing",
    "language",
)
_MULTILINE = {"legal_bases", "preamble", "body"}


def _clean(name: str, value):
    if not isinstance(value, str):
        return value
    if name in _MULTILINE:
        # NFC and tidy each line, keep the line structure the markup relies on.
        lines = [clean_text(line) for line in value.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()
    return clean_text(value)


@transaction.atomic
def ceremony_setup(*, conference: Conference) -> Ceremony:
    """The conference's covenant and ceremony, created with defaults if missing."""
    from signing.services.signatories import signatories_create_defaults

    existing = Ceremony.objects.filter(covenant__conference=conference).first()
    if existing:
        return existing
    units = conference.term.members.count()
    covenant = Covenant(
        conference=conference,
        issuing_body=conference.term.cluster.name.upper(),
        subtitle=_("of the emulation cluster, year %(year)s") % {"year": conference.term.year},
        place=conference.host_unit.short_name,
        signed_on=conference.starts_at.date(),
        body="I. ...",
        closing=_("This covenant is made in %(n)02d copies; each unit keeps 01.") % {"n": units},
    )
    covenant.full_clean()
    covenant.save()
    ceremony = Ceremony.objects.create(covenant=covenant, public_id=secrets.token_urlsafe(24))
    signatories_create_defaults(ceremony=ceremony)
    return ceremony


def ensure_editable(ceremony: Ceremony) -> None:
    if ceremony.state == CeremonyState.SEALED:
        raise SigningError(_("The covenant is sealed; nothing can change."), code="sealed")
    if ceremony.state == CeremonyState.CANCELLED:
        raise SigningError(_("The ceremony was cancelled."), code="cancelled")


@transaction.atomic
def covenant_update(*, ceremony: Ceremony, meta: RequestMeta = SYSTEM, **fields) -> Covenant:
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    ensure_editable(ceremony)
    if ceremony.state == CeremonyState.OPEN:
        raise SigningError(
            _("The text is frozen while signing is open. Reopen the ceremony to change it."),
            code="text_frozen",
        )
    covenant = ceremony.covenant
    before = {name: getattr(covenant, name) for name in EDITABLE_FIELDS}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(name)
        setattr(covenant, name, _clean(name, value))
    for name in ("preamble", "body", "legal_bases", "closing", "subtitle"):
        if body_problems(getattr(covenant, name)):
            raise SigningError(
                _("HTML is not allowed in the covenant; use the plain-text markup."),
                code="html",
            )
    covenant.full_clean()
    covenant.save()
    changed = [name for name in EDITABLE_FIELDS if getattr(covenant, name) != before[name]]
    if changed:
        activity_record(
            conference=covenant.conference,
            action="covenant.updated",
            obj=covenant,
            data={"fields": changed},
            meta=meta,
        )
    return covenant


def covenant_snapshot(covenant: Covenant) -> dict:
    """Everything printed as the covenant's text, as plain data."""
    return {
        "issuing_body": covenant.issuing_body,
        "title": covenant.title,
        "subtitle": covenant.subtitle,
        "place": covenant.place,
        "signed_on": covenant.signed_on.isoformat(),
        "legal_bases": covenant.legal_basis_lines,
        "preamble": covenant.preamble,
        "body": covenant.body,
        "closing": covenant.closing,
        "language": covenant.language,
    }


def snapshot_json(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def text_sha256(frozen_text: str) -> str:
    return hashlib.sha256(frozen_text.encode("utf-8")).hexdigest()
