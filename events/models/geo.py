from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("centrally-run city")


class ProvinceQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Province(models.Model):
    """A provincial-level unit during its period of validity.

    Codes are reused after the 2025 merger (15 was Yên Bái, is now Lào Cai),
    so a province is identified by its code *and* its validity period.
    """

    code = models.CharField(_("code"), max_length=2)
    kind = models.CharField(_("kind"), max_length=10, choices=ProvinceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        verbose_name=_("successors"),
    )
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_key = models.CharField(max_length=255, editable=False)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["sort_key", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="province_one_current_per_code",
            ),
            models.UniqueConstraint(fields=["code", "valid_to"], name="province_code_period"),
        ]

    def __str__(self):
        if self.valid_to:
            return _("%(name)s (until %(date)s)") % {
                "name": self.name,
                "date": self.valid_to.strftime("%d/%m/%Y"),
            }
        return self.name
