from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Cluster(models.Model):
    """An emulation cluster (Cụm thi đua): departments of one sector."""

    name = models.CharField(_("name"), max_length=255)
    sector = models.CharField(_("sector"), max_length=100, help_text=_("e.g. Home Affairs"))
    slug = models.SlugField(_("short name in links"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("emulation cluster")
        verbose_name_plural = _("emulation clusters")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:cluster_detail", kwargs={"slug": self.slug})


class MemberUnit(models.Model):
    """A member department under its official name *at that time*.

    The name is a historical fact ("Sở Nội vụ tỉnh Bắc Kạn"), never derived
    from today's map; after the 2025 merger a new unit row is created.
    """

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="units", verbose_name=_("cluster")
    )
    name = models.CharField(_("official name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, help_text=_("e.g. Bắc Kạn"))
    province = models.ForeignKey(
        "events.Province",
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("province"),
    )
    slug = models.SlugField(_("short name in links"), max_length=120)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_key = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "slug"], name="unit_slug_per_cluster"),
        ]

    def __str__(self):
        return self.name


class ClusterTerm(models.Model):
    """One year of a cluster: its chair, deputy chair and members."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="terms", verbose_name=_("cluster")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    chair = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair unit (Cụm trưởng)"),
    )
    deputy = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deputy chair unit (Cụm phó)"),
    )
    members = models.ManyToManyField(
        MemberUnit, related_name="terms", verbose_name=_("member units")
    )

    class Meta:
        verbose_name = _("cluster term")
        verbose_name_plural = _("cluster terms")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="one_term_per_cluster_year"),
            models.CheckConstraint(
                condition=~models.Q(chair=models.F("deputy")), name="term_chair_is_not_deputy"
            ),
        ]

    def __str__(self):
        return f"{self.cluster} — {self.year}"
