import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DETAIL_MAX = 500

#: Details stored as a code and plain values (``detail_encode``), shown in
#: the reader's language. Older events keep the text they were written with.
DETAIL_LABELS = {
    "link_emailed": _("emailed"),
    "link_shown": _("shown as QR"),
    "email_changed": _("email changed by an organizer: %(old)s → %(new)s"),
    "reopened": _("Reason: %(reason)s. %(n)s signature(s) voided: %(who)s"),
    "kiosk_unlocked": _("%(device)s; until %(until)s"),
    "kiosk_signed": _("%(device)s; unlocked by %(chair)s (#%(seq)s)"),
}


def detail_encode(code: str, *, shorten: str = "", **values) -> str:
    """A language-neutral detail: ``{"code": …, values…}`` as compact JSON.

    When it would pass the 500 characters the field keeps, the value named
    by ``shorten`` is cut (ending in "…"), so the JSON stays whole.
    """

    def dump(data) -> str:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    data = {"code": code, **values}
    text = dump(data)
    while len(text) > DETAIL_MAX and shorten and len(data[shorten]) > 1:
        excess = len(text) - DETAIL_MAX + 1
        data[shorten] = data[shorten][: max(1, len(data[shorten]) - excess - 1)] + "…"
        text = dump(data)
    return text[:DETAIL_MAX]


def detail_display(detail: str) -> str:
    """The detail in the active language (stored text as it is)."""
    if not detail.startswith('{"'):
        return detail
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    label = DETAIL_LABELS.get(data.get("code")) if isinstance(data, dict) else None
    if label is None:
        return detail
    try:
        return str(label) % data
    except (KeyError, TypeError, ValueError):
        return detail


class AuditKind(models.TextChoices):
    OPENED = "opened", _("Opened for signing")
    REOPENED = "reopened", _("Reopened (signatures voided)")
    CANCELLED = "cancelled", _("Cancelled")
    LINK_ISSUED = "link_issued", _("Signing link issued")
    VIEWED = "viewed", _("Covenant viewed by signatory")
    SIGNED = "signed", _("Signed")
    VOIDED = "voided", _("Signature voided")
    SUBSTITUTED = "substituted", _("Signer substituted")
    KIOSK_UNLOCKED = "kiosk_unlocked", _("Kiosk unlocked")
    KIOSK_LOCKED = "kiosk_locked", _("Kiosk locked")
    KIOSK_PAIRED = "kiosk_paired", _("Kiosk tablet paired")
    KIOSK_REVOKED = "kiosk_revoked", _("Kiosk tablet revoked")
    REFUSED = "refused", _("Refused")
    SEALED = "sealed", _("Sealed")
    VERIFIED = "verified", _("Verified")


class AuditEvent(models.Model):
    """One link of a ceremony's append-only, hash-chained log.

    ``hash`` = HMAC-SHA256, with a key kept outside the database, over
    ``prev_hash`` and the canonical JSON of the event's fields (see
    ``signing.audit``; ``chain_version`` 1 was plain SHA-256). Rows are never
    updated or deleted by the application; the verifier finds it when someone
    does, and without the key nobody can recompute the chain.
    """

    ceremony = models.ForeignKey(
        "signing.Ceremony", on_delete=models.PROTECT, related_name="audit_events"
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_email = models.CharField(max_length=254, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    mode = models.CharField(max_length=10, blank=True)
    signatory = models.ForeignKey(
        "signing.Signatory", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text_sha256 = models.CharField(max_length=64, blank=True)
    image_sha256 = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    prev_hash = models.CharField(max_length=64)
    chain_version = models.PositiveSmallIntegerField(default=2, editable=False)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["ceremony", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "seq"], name="audit_seq_per_ceremony"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.kind}"

    @property
    def detail_display(self) -> str:
        return detail_display(self.detail)

    @property
    def mode_label(self) -> str:
        from signing.models.signatories import SigningMode

        return str(SigningMode(self.mode).label) if self.mode in SigningMode.values else self.mode
