"""The invitation letter's settings (NĐ 30/2020 Mẫu 1.7), one row per conference.

One giấy mời is issued per conference under one number ("12/GM-SNV") and
addressed to each member unit and guest organisation; the letter of a unit
is rebuilt from this row and the conference's facts, so it is reproducible.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationSetup(models.Model):
    conference = models.OneToOneField(
        "events.Conference", on_delete=models.CASCADE, related_name="invitation_setup"
    )
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("The office's register number, e.g. 12")
    )
    symbol = models.CharField(
        _("symbol"), max_length=40, blank=True, help_text=_("The letter's symbol, e.g. GM-SNV")
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    place = models.CharField(
        _("place on the date line"), max_length=60, blank=True, help_text=_("e.g. Bắc Kạn")
    )
    parent_body = models.CharField(
        _("governing body"),
        max_length=150,
        blank=True,
        help_text=_("Printed above the issuing body, e.g. UBND TỈNH BẮC KẠN"),
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=150, blank=True, help_text=_("e.g. SỞ NỘI VỤ")
    )
    signer_authority = models.CharField(
        _("signing on behalf of"),
        max_length=80,
        blank=True,
        help_text=_("e.g. KT. GIÁM ĐỐC when a deputy signs; empty otherwise"),
    )
    signer_title = models.CharField(_("signer's title"), max_length=80, blank=True)
    signer_name = models.CharField(_("signer's full name"), max_length=120, blank=True)
    contact = models.CharField(
        _("contact for questions"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Ms Hoàng Thị Lan, Office, 0209 3870 123"),
    )
    guests = models.TextField(
        _("guest organisations"),
        blank=True,
        help_text=_("One per line; each receives its own letter."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invitation settings")
        verbose_name_plural = _("invitation settings")

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """ "12/GM-SNV", the number and symbol as printed after "Số:"."""
        return f"{self.number}/{self.symbol}" if self.number and self.symbol else ""

    @property
    def guest_names(self) -> list[str]:
        return [line.strip() for line in self.guests.splitlines() if line.strip()]
