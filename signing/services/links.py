"""One-time signing links bound to a signatory: issued (emailed or shown as a
QR on the chair's screen), resolved, used once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from events.services.registrations import ACTIVE_STATUSES
from events.services.users import user_get_or_create
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.models import AuditKind, Ceremony, Signatory, SigningLink, SigningMode
from signing.models.audit import detail_encode
from signing.services.state import require_open


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def link_issue(
    *,
    signatory: Signatory,
    meta: RequestMeta = SYSTEM,
    base_url: str = "",
    send: bool = False,
) -> str:
    """A fresh one-time link for this signatory (earlier unused ones stop working).

    Returns the absolute URL; only the token's hash is stored.
    """
    from django.urls import reverse

    ceremony = Ceremony.objects.select_for_update().get(pk=signatory.ceremony_id)
    require_open(ceremony)
    signatory = Signatory.objects.select_related("unit", "registration").get(pk=signatory.pk)
    if signatory.has_signed:
        raise SigningError(
            _("%(name)s has already signed.") % {"name": signatory.full_name},
            code="already_signed",
        )
    registration = signatory.registration
    if registration is not None and registration.status not in ACTIVE_STATUSES:
        raise SigningError(
            _("%(name)s's registration is declined or cancelled: choose another signer.")
            % {"name": signatory.full_name},
            code="not_registered",
        )
    if not signatory.email:
        raise SigningError(
            _("Add the signer's email first: they log in with a code sent there."),
            code="no_email",
        )
    # The signatory logs in by a code sent to this address: the account must exist.
    user_get_or_create(email=signatory.email, name=signatory.full_name)
    now = timezone.now()
    signatory.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    hours = getattr(settings, "SIGNING_LINK_HOURS", 12)
    SigningLink.objects.create(
        signatory=signatory,
        token_sha256=_hash_token(token),
        issued_by=meta.user,
        expires_at=now + timedelta(hours=hours),
    )
    url = (base_url or settings.SITE_URL).rstrip("/") + reverse("signing:link", args=[token])
    audit_append(
        ceremony=ceremony,
        kind=AuditKind.LINK_ISSUED,
        meta=meta,
        signatory=signatory,
        mode=SigningMode.PHONE,
        detail=detail_encode("link_emailed" if send else "link_shown"),
    )
    if send:
        conference = ceremony.covenant.conference
        with override(ceremony.covenant.language):
            subject = _("Sign the covenant: %(title)s") % {"title": conference.title}
            body = _(
                "Dear %(name)s,\n\nPlease open this link on your phone to read and sign the "
                "covenant for %(unit)s. It works once, for you only, and expires in %(hours)s "
                "hours. You will log in with a code sent to this address.\n\n%(url)s\n"
            ) % {
                "name": signatory.full_name,
                "unit": signatory.unit.name,
                "hours": hours,
                "url": url,
            }
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [signatory.email], fail_silently=False)
        )
    return url


def link_resolve(*, token: str) -> SigningLink:
    """The link for a token, if it can still be used."""
    link = (
        SigningLink.objects.select_related("signatory__unit", "signatory__ceremony__covenant")
        .filter(token_sha256=_hash_token(token or ""))
        .first()
    )
    if link is None:
        raise SigningError(_("This signing link is not valid."), code="invalid_link")
    _check_link(link)
    return link


def _check_link(link: SigningLink) -> None:
    if link.used_at is not None:
        raise SigningError(_("This signing link has already been used."), code="link_used")
    if link.revoked_at is not None:
        raise SigningError(
            _("This signing link was replaced by a newer one. Ask the chair for a new link."),
            code="link_revoked",
        )
    if link.expires_at <= timezone.now():
        raise SigningError(_("This signing link has expired."), code="link_expired")


def link_resolve_locked(link: SigningLink) -> SigningLink:
    fresh = SigningLink.objects.select_for_update().get(pk=link.pk)
    _check_link(fresh)
    return fresh
