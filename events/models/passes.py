"""The keys that sign pass QR codes, one active per conference."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PassKey(models.Model):
    """An Ed25519 key of one conference (docs/signed-passes.md).

    Only the public key and the salt are stored; the private key is derived
    from the server secret and the salt when a pass is drawn. The active key
    signs; the others still verify until retired. Rotating makes a new
    active key; retiring stops a key from verifying at all.
    """

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="pass_keys"
    )
    # First 4 bytes of SHA-256 of the public key, hex: what the QR names.
    kid = models.CharField(_("key id"), max_length=8, unique=True)
    public_key = models.CharField(_("public key"), max_length=43)  # base64url, 32 bytes
    salt = models.CharField(max_length=64, editable=False)  # hex, 32 bytes
    is_active = models.BooleanField(_("signs new passes"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pass signing key")
        verbose_name_plural = _("pass signing keys")
        ordering = ["conference", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference"], condition=Q(is_active=True), name="one_active_pass_key"
            ),
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(retired_at__isnull=True),
                name="active_pass_key_not_retired",
            ),
        ]

    def __str__(self):
        return self.kid
