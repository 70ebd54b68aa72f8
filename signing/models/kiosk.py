from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.devices import PairedDevice


class KioskDevice(PairedDevice):
    """A tablet paired as the signing kiosk of one ceremony, by bearer token.

    Like a scanner phone: the chair creates it on the console, the tablet
    opens a one-time pairing link and receives a token kept in an httpOnly
    cookie. Only the SHA-256 of the token is stored. No staff account is
    logged in on the tablet; it signs only under an unlock from the console.
    """

    ceremony = models.ForeignKey(
        "signing.Ceremony", on_delete=models.CASCADE, related_name="kiosk_devices"
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Tablet at the stage"))

    class Meta:
        verbose_name = _("kiosk tablet")
        verbose_name_plural = _("kiosk tablets")
        ordering = ["ceremony", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="kiosk_token_hash"
            ),
            models.UniqueConstraint(
                fields=["pairing_secret"], condition=~Q(pairing_secret=""), name="kiosk_pairing"
            ),
        ]

    @property
    def audit_label(self) -> str:
        """How the audit log names this tablet: stable id and its name."""
        return f"kiosk #{self.pk} «{self.name}»"
