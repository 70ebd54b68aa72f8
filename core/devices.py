"""The abstract base of every paired device: a scanner phone, an entrance
display, a kiosk tablet.

A device is created by staff, receives a one-time pairing secret (shown as
a short-lived QR and link), and exchanges it once for a bearer token. Only
the SHA-256 of the token is stored. An abstract model: it creates no table;
each app's concrete model adds its own foreign keys, ``name`` and ``Meta``
(verbose names, ordering, the two unique constraints under their names).
"""

from django.conf import settings
from django.db import models


class PairedDevice(models.Model):
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    pairing_secret = models.CharField(max_length=64, blank=True, editable=False)
    pairing_expires_at = models.DateTimeField(null=True, editable=False)
    paired_at = models.DateTimeField(null=True, editable=False)
    revoked_at = models.DateTimeField(null=True, editable=False)
    last_seen_at = models.DateTimeField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, "name", "") or f"#{self.pk}"

    @property
    def is_paired(self) -> bool:
        return bool(self.token_hash)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_active(self) -> bool:
        """Paired and not revoked: its token is accepted."""
        return not self.is_revoked and self.is_paired
