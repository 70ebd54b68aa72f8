"""Rotating and retiring a conference's pass signing keys (audited)."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events import pass_signing
from events.models import Conference, PassKey
from events.selectors.passes import pass_key_active
from events.services.activity import activity_record


def pass_key_rotate(*, conference: Conference, meta=None) -> PassKey:
    """A new key signs from now on; the previous ones keep verifying (passes
    already printed or sent stay good) until retired."""
    with transaction.atomic():
        Conference.objects.select_for_update().filter(pk=conference.pk).values_list("pk").get()
        previous = list(
            PassKey.objects.filter(conference=conference, is_active=True).values_list(
                "kid", flat=True
            )
        )
        PassKey.objects.filter(conference=conference, is_active=True).update(is_active=False)
        while True:
            salt = secrets.token_bytes(32)
            kid, public = pass_signing.new_key_material(conference_id=conference.pk, salt=salt)
            if not PassKey.objects.filter(kid=kid).exists():
                break
        key = PassKey.objects.create(
            conference=conference, kid=kid, public_key=pass_signing.b64url(public), salt=salt.hex()
        )
        activity_record(
            conference=conference,
            action="pass_key.rotated",
            obj=key,
            data={"kid": kid, "previous": previous},
            meta=meta,
        )
    return key


def pass_key_retire(*, conference: Conference, kid: str, meta=None) -> PassKey:
    """Passes signed with ``kid`` stop verifying (a key thought leaked).
    The active key cannot be retired: rotate first."""
    with transaction.atomic():
        Conference.objects.select_for_update().filter(pk=conference.pk).values_list("pk").get()
        key = PassKey.objects.filter(conference=conference, kid=kid).first()
        if key is None:
            raise DomainError(
                _("This conference has no pass key %(kid)s."), "pass_key_unknown", {"kid": kid}
            )
        if key.is_active:
            raise DomainError(
                _("The active pass key cannot be retired: rotate to a new key first."),
                "pass_key_active",
            )
        if key.retired_at is not None:
            return key
        key.retired_at = timezone.now()
        key.save(update_fields=["retired_at"])
        activity_record(
            conference=conference,
            action="pass_key.retired",
            obj=key,
            data={"kid": kid},
            meta=meta,
        )
    return key


__all__ = ["pass_key_active", "pass_key_retire", "pass_key_rotate"]
