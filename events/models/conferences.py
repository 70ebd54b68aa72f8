from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ConferenceKind(models.TextChoices):
    COVENANT_SIGNING = "covenant_signing", _("Covenant signing")
    MIDYEAR_REVIEW = "midyear_review", _("Mid-year review")
    YEAREND_REVIEW = "yearend_review", _("Year-end review")
    OTHER = "other", _("Other")


class ConferenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    FINISHED = "finished", _("Finished")


class Conference(models.Model):
    term = models.ForeignKey(
        "events.ClusterTerm",
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("cluster term"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConferenceKind.choices)
    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("short name in links"), max_length=120, unique=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    host_unit = models.ForeignKey(
        "events.MemberUnit",
        on_delete=models.PROTECT,
        related_name="hosted_conferences",
        verbose_name=_("host unit"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.DRAFT,
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public conferences are listed and their page is open to anyone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="conference_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:conference_detail", kwargs={"slug": self.slug})

    @property
    def cluster(self):
        return self.term.cluster


class StaffRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    CHAIR = "chair", _("Chair")
    CHECKIN = "checkin", _("Check-in staff")
    LIAISON = "liaison", _("Unit liaison")


class Membership(models.Model):
    """A user's staff role in one conference. Liaisons belong to one unit."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=StaffRole.choices)
    unit = models.ForeignKey(
        "events.MemberUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="liaisons",
        verbose_name=_("member unit"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "user", "role"], name="one_membership_per_role"
            ),
            models.CheckConstraint(
                condition=Q(role="liaison", unit__isnull=False)
                | (~Q(role="liaison") & Q(unit__isnull=True)),
                name="liaison_has_unit_others_do_not",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"
