from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClusterRole(models.TextChoices):
    CHAIR = "chair", _("Cluster chair")
    DEPUTY = "deputy", _("Deputy chair")
    MEMBER = "", _("Member")


class SigningMode(models.TextChoices):
    PHONE = "phone", _("Own phone")
    KIOSK = "kiosk", _("Kiosk tablet")


class Signatory(models.Model):
    """One member unit's place in the signature grid, and who signs for it."""

    ceremony = models.ForeignKey(
        "signing.Ceremony", on_delete=models.CASCADE, related_name="signatories"
    )
    unit = models.ForeignKey(
        "events.MemberUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    position = models.PositiveSmallIntegerField(_("order in the grid"), default=0)
    cluster_role = models.CharField(
        _("cluster role"), max_length=10, choices=ClusterRole.choices, blank=True
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered delegate"),
    )
    full_name = models.CharField(_("signer's full name"), max_length=200, blank=True)
    title = models.CharField(
        _("signer's position"),
        max_length=100,
        blank=True,
        help_text=_("e.g. GIÁM ĐỐC or PHÓ GIÁM ĐỐC"),
    )
    authority_prefix = models.CharField(
        _("authority prefix"),
        max_length=60,
        blank=True,
        help_text=_("When a deputy signs for the head, e.g. KT. GIÁM ĐỐC."),
    )
    email = models.EmailField(_("email"), blank=True)
    sort_key = models.CharField(max_length=255, editable=False)
    # Set once, when the signature is confirmed; never changed afterwards.
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mode = models.CharField(max_length=10, choices=SigningMode.choices, blank=True)
    signature_png = models.BinaryField(null=True, blank=True, editable=False)
    signature_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["ceremony", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "unit"], name="one_signatory_per_unit"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.full_name}"

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def unit_caps(self) -> str:
        return self.unit.name.upper()
