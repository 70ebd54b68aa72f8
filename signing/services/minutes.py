"""The minutes: drafted from the facts, edited by the secretary, finalised,
signed by the secretary and the chair, sealed like the covenant.

Who edits: the conference's organizers (the host's office, whose staff
member is the secretary of the meeting); the printed secretary and chair
are registrations picked in the editor, and each signs on their own phone
through a one-time link, logged in with the address it was issued for.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import AgendaItemKind, Conference, Registration, RegistrationStatus
from events.selectors import conference_chairs
from events.services.activity import activity_record
from events.services.users import user_get_or_create
from signing.audit import SYSTEM, RequestMeta
from signing.errors import SigningError
from signing.images import clean_signature_png
from signing.models import Minutes, MinutesRole, MinutesSigner, MinutesState
from signing.selectors.meeting_facts import fact_lines, meeting_facts

MAX_TEXT = 20_000
MAX_ADOPTED = 50


def nfc_text(value: str) -> str:
    """NFC, trailing spaces off each line, no runs of blank lines."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", value or "").splitlines()]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def canonical(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _default_item_text(item: dict) -> str:
    if item["skipped"]:
        return "Nội dung này không được thực hiện."
    if item["presenter"]:
        return f"{item['presenter']} trình bày."
    return ""


def _default_adopted(facts: dict) -> list[str]:
    return [
        item["title"]
        for item in facts["agenda"]
        if item["kind"] in (AgendaItemKind.ADOPTION, AgendaItemKind.REPORT) and not item["skipped"]
    ]


def _default_sections(facts: dict) -> dict:
    return {
        "opening": "",
        "items": {str(item["id"]): _default_item_text(item) for item in facts["agenda"]},
        "adopted": _default_adopted(facts),
        "other": "",
    }


def _default_signers(conference: Conference) -> list[tuple[str, Registration | None]]:
    approved = conference.registrations.filter(status=RegistrationStatus.APPROVED)
    secretary = approved.filter(role__code="secretary").select_related("unit").first()
    chairs = conference_chairs(conference=conference)
    host = [r for r in chairs if r.unit_id == conference.host_unit_id]
    chair = (host or chairs or [None])[0]
    return [(MinutesRole.SECRETARY, secretary), (MinutesRole.CHAIR, chair)]


def _signer_fields(registration: Registration | None) -> dict:
    if registration is None:
        return {"registration": None, "full_name": "", "title": "", "email": ""}
    title = registration.title
    if registration.unit_id and registration.unit.name not in title:
        title = f"{title} {registration.unit.name}".strip()
    return {
        "registration": registration,
        "full_name": registration.full_name,
        "title": title,
        "email": registration.email,
    }


def _issuing_body(conference: Conference) -> str:
    return conference.term.cluster.name.upper()


@transaction.atomic
def minutes_setup(*, conference: Conference, meta: RequestMeta = SYSTEM) -> Minutes:
    """The conference's minutes, drafted from its facts on first use."""
    existing = Minutes.objects.filter(conference=conference).first()
    if existing is not None:
        return existing
    facts = meeting_facts(conference=conference)
    minutes = Minutes.objects.create(
        conference=conference,
        issuing_body=_issuing_body(conference),
        place=conference.host_unit.short_name,
        sections=_default_sections(facts),
        facts=facts,
        public_id=secrets.token_urlsafe(24),
    )
    for role, registration in _default_signers(conference):
        MinutesSigner.objects.create(minutes=minutes, role=role, **_signer_fields(registration))
    activity_record(conference=conference, action="minutes.drafted", obj=minutes, meta=meta)
    return minutes


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("conference").get(pk=minutes.pk)


def _require_draft(minutes: Minutes) -> None:
    if minutes.state != MinutesState.DRAFT:
        raise SigningError(
            _("The minutes are finalised; put them back to draft to change them."),
            code="minutes_final",
        )


def _clean_sections(minutes: Minutes, *, opening: str, items: dict, adopted, other: str) -> dict:
    known = {str(item["id"]) for item in minutes.facts.get("agenda", [])}
    lines = adopted.splitlines() if isinstance(adopted, str) else list(adopted)
    adopted_lines = [nfc_text(line) for line in lines if nfc_text(line)]
    if len(adopted_lines) > MAX_ADOPTED:
        raise SigningError(_("Too many adopted items (at most 50)."), code="too_many_adopted")
    sections = {
        "opening": nfc_text(opening),
        "items": {key: nfc_text(value) for key, value in items.items() if key in known},
        "adopted": adopted_lines,
        "other": nfc_text(other),
    }
    if len(canonical(sections)) > MAX_TEXT:
        raise SigningError(_("The minutes' text is too long."), code="too_long")
    return sections


def _registration(conference: Conference, registration_id) -> Registration | None:
    if not registration_id:
        return None
    registration = (
        conference.registrations.filter(pk=registration_id, status=RegistrationStatus.APPROVED)
        .select_related("unit")
        .first()
    )
    if registration is None:
        raise SigningError(_("Choose a registered delegate."), code="unknown_registration")
    return registration


@transaction.atomic
def minutes_update(
    *,
    minutes: Minutes,
    number: str,
    opening: str,
    items: dict[str, str],
    adopted: str | list[str],
    other: str,
    secretary_id=None,
    chair_id=None,
    meta: RequestMeta = SYSTEM,
) -> Minutes:
    """Save the secretary's text and who signs (draft only)."""
    minutes = _locked(minutes)
    _require_draft(minutes)
    minutes.number = nfc_text(number)[:40]
    minutes.sections = _clean_sections(
        minutes, opening=opening, items=items, adopted=adopted, other=other
    )
    minutes.save(update_fields=["number", "sections", "updated_at"])
    for role, registration_id in (
        (MinutesRole.SECRETARY, secretary_id),
        (MinutesRole.CHAIR, chair_id),
    ):
        if registration_id is None:
            continue
        fields = _signer_fields(_registration(minutes.conference, registration_id))
        MinutesSigner.objects.filter(minutes=minutes, role=role).update(**fields)
    activity_record(conference=minutes.conference, action="minutes.updated", obj=minutes, meta=meta)
    return minutes


def minutes_changes(*, minutes: Minutes) -> list[tuple[str, str]]:
    """What differs between the facts the draft holds and the meeting now:
    ("+", line) for new, ("-", line) for gone."""
    before = fact_lines(minutes.facts) if minutes.facts else []
    after = fact_lines(meeting_facts(conference=minutes.conference))
    changes = []
    for line in difflib.ndiff(before, after):
        if line[:1] in "+-":
            changes.append((line[0], line[2:]))
    return changes


@transaction.atomic
def minutes_regenerate(*, minutes: Minutes, meta: RequestMeta = SYSTEM) -> list[tuple[str, str]]:
    """Re-read the facts (the text the secretary wrote stays; new agenda
    items get their default line). Returns what changed."""
    minutes = _locked(minutes)
    _require_draft(minutes)
    changes = minutes_changes(minutes=minutes)
    facts = meeting_facts(conference=minutes.conference)
    sections = dict(minutes.sections)
    items = dict(sections.get("items", {}))
    for item in facts["agenda"]:
        items.setdefault(str(item["id"]), _default_item_text(item))
    sections["items"] = {key: items[key] for key in (str(i["id"]) for i in facts["agenda"])}
    minutes.facts = facts
    minutes.sections = sections
    minutes.save(update_fields=["facts", "sections", "updated_at"])
    activity_record(
        conference=minutes.conference,
        action="minutes.regenerated",
        obj=minutes,
        data={"changes": len(changes)},
        meta=meta,
    )
    return changes


def minutes_document(minutes: Minutes, signers: list[MinutesSigner]) -> dict:
    """What is frozen and signed: the facts, the text, and who signs."""
    return {
        "kind": "minutes",
        "number": minutes.number,
        "issuing_body": minutes.issuing_body,
        "place": minutes.place,
        "facts": minutes.facts,
        "sections": minutes.sections,
        "signers": {s.role: {"name": s.full_name, "title": s.title} for s in signers},
    }


def _signers(minutes: Minutes) -> list[MinutesSigner]:
    order = {MinutesRole.SECRETARY: 0, MinutesRole.CHAIR: 1}
    signers = list(MinutesSigner.objects.filter(minutes=minutes).defer("signature_png"))
    return sorted(signers, key=lambda s: order[s.role])


@transaction.atomic
def minutes_finalise(*, minutes: Minutes, meta: RequestMeta = SYSTEM) -> Minutes:
    """Freeze the text (facts re-read now) for the two signatures."""
    minutes = _locked(minutes)
    _require_draft(minutes)
    signers = _signers(minutes)
    if any(not s.full_name for s in signers):
        raise SigningError(
            _("Choose the secretary and the chair before finalising."), code="no_signer"
        )
    if minutes.facts and fact_lines(minutes.facts) != fact_lines(
        meeting_facts(conference=minutes.conference)
    ):
        raise SigningError(
            _("The meeting's facts changed since the draft: re-generate and check it first."),
            code="facts_changed",
        )
    minutes.frozen_text = canonical(minutes_document(minutes, signers))
    minutes.text_sha256 = hashlib.sha256(minutes.frozen_text.encode()).hexdigest()
    minutes.state = MinutesState.FINAL
    minutes.finalised_at = timezone.now()
    minutes.save(update_fields=["frozen_text", "text_sha256", "state", "finalised_at"])
    activity_record(
        conference=minutes.conference,
        action="minutes.finalised",
        obj=minutes,
        data={"text_sha256": minutes.text_sha256},
        meta=meta,
    )
    return minutes


@transaction.atomic
def minutes_reopen(*, minutes: Minutes, meta: RequestMeta = SYSTEM) -> Minutes:
    """Back to draft, while nobody has signed yet."""
    minutes = _locked(minutes)
    if minutes.state != MinutesState.FINAL:
        raise SigningError(_("Only finalised minutes can go back to draft."), code="not_final")
    if MinutesSigner.objects.filter(minutes=minutes, signed_at__isnull=False).exists():
        raise SigningError(
            _("Someone has signed the minutes; they can no longer change."), code="already_signed"
        )
    MinutesSigner.objects.filter(minutes=minutes).update(token_sha256="", link_expires_at=None)
    minutes.state = MinutesState.DRAFT
    minutes.frozen_text = ""
    minutes.text_sha256 = ""
    minutes.finalised_at = None
    minutes.save(update_fields=["state", "frozen_text", "text_sha256", "finalised_at"])
    activity_record(
        conference=minutes.conference, action="minutes.reopened", obj=minutes, meta=meta
    )
    return minutes


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def minutes_link_issue(*, signer: MinutesSigner, meta: RequestMeta = SYSTEM) -> str:
    """A fresh one-time token for ``signer`` (the previous one stops working)."""
    minutes = _locked(signer.minutes)
    if minutes.state != MinutesState.FINAL:
        raise SigningError(
            _("Finalise the minutes before asking for signatures."), code="not_final"
        )
    signer = MinutesSigner.objects.select_for_update().get(pk=signer.pk)
    if signer.has_signed:
        raise SigningError(
            _("%(name)s has already signed.") % {"name": signer.full_name}, code="already_signed"
        )
    if not signer.email:
        raise SigningError(
            _("The signer's registration has no email: they log in with a code sent there."),
            code="no_email",
        )
    user_get_or_create(email=signer.email, name=signer.full_name)
    token = secrets.token_urlsafe(32)
    signer.token_sha256 = _token_hash(token)
    signer.link_expires_at = timezone.now() + timedelta(
        hours=getattr(settings, "SIGNING_LINK_HOURS", 12)
    )
    signer.save(update_fields=["token_sha256", "link_expires_at"])
    activity_record(
        conference=minutes.conference,
        action="minutes.link_issued",
        obj=minutes,
        data={"role": signer.role},
        meta=meta,
    )
    return token


def minutes_link_resolve(*, token: str) -> MinutesSigner:
    signer = (
        MinutesSigner.objects.select_related("minutes__conference")
        .defer("signature_png")
        .filter(token_sha256=_token_hash(token or ""))
        .first()
    )
    if (
        signer is None
        or not token
        or signer.has_signed
        or signer.minutes.state != MinutesState.FINAL
        or (signer.link_expires_at and signer.link_expires_at < timezone.now())
    ):
        raise SigningError(_("This signing link is not valid."), code="invalid_link")
    return signer


def is_minutes_signer_user(user, signer: MinutesSigner) -> bool:
    return bool(
        user.is_authenticated
        and signer.email
        and user.email.strip().lower() == signer.email.strip().lower()
    )


@transaction.atomic
def minutes_sign(
    *,
    token: str,
    png: bytes,
    consent: bool,
    seen_text_sha256: str,
    meta: RequestMeta = SYSTEM,
) -> MinutesSigner:
    """Confirm a signature through the signer's link; it never changes."""
    signer = minutes_link_resolve(token=token)
    minutes = _locked(signer.minutes)
    signer = MinutesSigner.objects.select_for_update().get(pk=signer.pk)
    if signer.has_signed or minutes.state != MinutesState.FINAL:
        raise SigningError(_("This signing link is not valid."), code="invalid_link")
    if meta.user is None or not is_minutes_signer_user(meta.user, signer):
        raise SigningError(
            _("Log in with the email address this link was sent for."), code="wrong_account"
        )
    if seen_text_sha256 != minutes.text_sha256:
        raise SigningError(
            _("The minutes changed since you opened them. Reload and read them again."),
            code="text_changed",
        )
    if not consent:
        raise SigningError(
            _("Tick the statement that you have read the minutes and sign them."),
            code="no_consent",
        )
    clean, digest = clean_signature_png(png)
    signer.signature_png = clean
    signer.signature_sha256 = digest
    signer.signed_at = timezone.now()
    signer.signed_by = meta.user
    signer.token_sha256 = ""
    signer.save(
        update_fields=[
            "signature_png",
            "signature_sha256",
            "signed_at",
            "signed_by",
            "token_sha256",
        ]
    )
    activity_record(
        conference=minutes.conference,
        action="minutes.signed",
        obj=minutes,
        data={"role": signer.role, "image_sha256": digest},
        meta=meta,
    )
    return signer
