from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.names import join_name


class DelegateRole(models.Model):
    """A delegate's role at one conference (director, specialist, press...)."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="roles"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_chair = models.BooleanField(_("chairs the conference"), default=False)
    may_sign = models.BooleanField(_("may sign the covenant"), default=False)
    counts_toward_quota = models.BooleanField(_("counts toward the unit's quota"), default=True)
    colour = models.CharField(_("badge colour"), max_length=7, default="#1d4ed8")

    class Meta:
        verbose_name = _("delegate role")
        verbose_name_plural = _("delegate roles")
        ordering = ["conference", "position"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "code"], name="role_code_per_conference")
        ]

    def __str__(self):
        return self.name


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A person taking part in a conference."""

    conference = models.ForeignKey(
        "events.Conference",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("conference"),
    )
    family_name = models.CharField(_("family name"), max_length=60, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=60)
    title = models.CharField(_("title or position"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "events.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("member unit"),
    )
    organization = models.CharField(
        _("organisation"),
        max_length=255,
        blank=True,
        help_text=_("For guests and press who do not belong to a member unit."),
    )
    role = models.ForeignKey(
        DelegateRole, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("role")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    code = models.CharField(
        _("pass code"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("Unguessable code carried by the pass QR; reissuing replaces it."),
    )
    code_issued_at = models.DateTimeField(_("code issued at"), editable=False)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["sort_key"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return join_name(self.family_name, self.middle_name, self.given_name)

    @property
    def affiliation(self) -> str:
        return self.unit.name if self.unit_id else self.organization
