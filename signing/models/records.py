from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VoidedSignature(models.Model):
    """A signature voided by reopening the ceremony: kept, never printed.

    Created by ``ceremony_reopen``, which takes the image over from the
    signatory (who may then sign the new text). Never changed afterwards.
    """

    ceremony = models.ForeignKey(
        "signing.Ceremony", on_delete=models.PROTECT, related_name="voided_signatures"
    )
    signatory = models.ForeignKey(
        "signing.Signatory", on_delete=models.PROTECT, related_name="voided_signatures"
    )
    # Who the signatory was when they signed (names can change afterwards).
    full_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mode = models.CharField(max_length=10, blank=True)
    text_sha256 = models.CharField(max_length=64)
    signature_png = models.BinaryField()
    signature_sha256 = models.CharField(max_length=64)
    voided_at = models.DateTimeField()
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voided_by_email = models.CharField(max_length=254, blank=True)
    void_reason = models.TextField()

    class Meta:
        verbose_name = _("voided signature")
        verbose_name_plural = _("voided signatures")
        ordering = ["ceremony", "voided_at", "signatory__position"]

    def __str__(self):
        return f"{self.full_name} ({self.voided_at:%Y-%m-%d %H:%M})"


class VerificationResult(models.TextChoices):
    VALID = "valid", _("Valid seal of this covenant")
    OTHER_CEREMONY = "other_ceremony", _("Sealed by us for another covenant")
    INVALID = "invalid", _("Seal does not validate")
    REFUSED = "refused", _("Upload refused")


class PublicVerification(models.Model):
    """One check on the public verify page. Kept apart from the audit chain:
    anyone may post, so nothing they send reaches the ceremony's record."""

    ceremony = models.ForeignKey(
        "signing.Ceremony",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="public_verifications",
    )
    # Or the sealed minutes checked (the same page checks both documents).
    minutes = models.ForeignKey(
        "signing.Minutes",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="public_verifications",
    )
    # Or the sealed counting record of a vote (biên bản kiểm phiếu).
    counting_record = models.ForeignKey(
        "events.CountingRecord",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="public_verifications",
    )
    at = models.DateTimeField(auto_now_add=True)
    result = models.CharField(max_length=20, choices=VerificationResult.choices)
    identical = models.BooleanField(default=False)
    code = models.CharField(max_length=40, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    # IPv4 /24 or IPv6 /48: enough to see a flood, not to identify a visitor.
    ip_prefix = models.CharField(max_length=45, blank=True)

    class Meta:
        verbose_name = _("public verification")
        verbose_name_plural = _("public verifications")
        ordering = ["ceremony", "-at"]

    def __str__(self):
        return f"{self.ceremony_id} {self.result} {self.at:%Y-%m-%d %H:%M}"
