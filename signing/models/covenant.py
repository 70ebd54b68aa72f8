from django.db import models
from django.utils.translation import gettext_lazy as _


class Covenant(models.Model):
    """The text of a conference's emulation covenant (giao ước thi đua).

    The body uses a small line-based markup (see ``signing.markup``), never
    HTML: "I. Heading" starts a section, "1. Text" a clause, "a) Text" a
    point; any other line continues the paragraph above it.
    """

    conference = models.OneToOneField(
        "events.Conference",
        on_delete=models.CASCADE,
        related_name="covenant",
        verbose_name=_("conference"),
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=255,
        help_text=_("Printed top left in capitals, e.g. the cluster's name."),
    )
    title = models.CharField(_("document title"), max_length=255, default="GIAO ƯỚC THI ĐUA")
    subtitle = models.CharField(_("subtitle"), max_length=500, blank=True)
    place = models.CharField(_("place"), max_length=100, help_text=_("e.g. Bắc Kạn"))
    signed_on = models.DateField(_("date"))
    legal_bases = models.TextField(_("legal bases"), blank=True, help_text=_("One per line."))
    preamble = models.TextField(_("preamble"), blank=True)
    body = models.TextField(
        _("sections and clauses"),
        help_text=_(
            'One item per line: "I. Heading" for a section, "1. Text" for a clause, '
            '"a) Text" for a point. No HTML.'
        ),
    )
    closing = models.CharField(_("closing line"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=8, default="vi", choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")

    def __str__(self):
        return f"{self.title} — {self.conference}"

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]
