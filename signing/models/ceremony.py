from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CeremonyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signing")
    SEALED = "sealed", _("Sealed")
    CANCELLED = "cancelled", _("Cancelled")


class Ceremony(models.Model):
    """The signing of one covenant: draft → open → sealed (or cancelled)."""

    covenant = models.OneToOneField(
        "signing.Covenant", on_delete=models.CASCADE, related_name="ceremony"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CeremonyState.choices, default=CeremonyState.DRAFT
    )
    # Unguessable id of the public verification page.
    public_id = models.CharField(max_length=43, unique=True, editable=False)
    # The frozen text (canonical JSON) and its SHA-256, set when opened.
    frozen_text = models.TextField(blank=True, editable=False)
    text_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    sealed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    missing_reason = models.TextField(_("reason for missing signatures"), blank=True)
    pdf = models.FileField(upload_to="signing/", blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # Head of the audit chain, so removing the newest event is detected too.
    audit_count = models.PositiveIntegerField(default=0, editable=False)
    audit_head = models.CharField(max_length=64, blank=True, editable=False)
    # What the sealed PDF states, frozen at sealing: the verify page shows this,
    # not rows that can be edited afterwards (see ``signing.services.seal``).
    sealed_record = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("signing ceremony")
        verbose_name_plural = _("signing ceremonies")

    def __str__(self):
        return str(self.covenant)

    @property
    def conference(self):
        return self.covenant.conference


class SigningLink(models.Model):
    """A one-time link bound to one signatory (emailed or shown as a QR).

    Only the SHA-256 of the token is stored.
    """

    signatory = models.ForeignKey(
        "signing.Signatory", on_delete=models.CASCADE, related_name="links"
    )
    token_sha256 = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signing link")
        verbose_name_plural = _("signing links")

    def __str__(self):
        return f"{self.signatory} ({self.issued_at:%Y-%m-%d %H:%M})"


class KioskSession(models.Model):
    """One paired kiosk tablet unlocked by the chair, on the console, for one
    named signatory: live until ``expires_at``, one signature, or a lock."""

    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="kiosk_sessions")
    device = models.ForeignKey(
        "signing.KioskDevice", on_delete=models.CASCADE, null=True, related_name="sessions"
    )
    signatory = models.ForeignKey(
        "signing.Signatory", on_delete=models.CASCADE, related_name="kiosk_sessions"
    )
    nonce = models.CharField(max_length=43, unique=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unlocked_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The seq of the audit event that recorded this unlock.
    unlock_seq = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("kiosk session")
        verbose_name_plural = _("kiosk sessions")

    def __str__(self):
        return f"{self.signatory} ({self.unlocked_at:%Y-%m-%d %H:%M})"
