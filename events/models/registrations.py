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
    quota_per_unit = models.PositiveSmallIntegerField(
        _("places per unit"),
        null=True,
        blank=True,
        help_text=_("How many people of this role each unit may register; empty: no limit."),
    )

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


class Gender(models.TextChoices):
    MALE = "m", _("Mr (Ông)")
    FEMALE = "f", _("Ms (Bà)")


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
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    gender = models.CharField(
        _("form of address"), max_length=1, choices=Gender.choices, blank=True
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Diet, access needs, arrival time...")
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        help_text=_("Shown to the unit's liaison, who is emailed it."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
        help_text=_("Set when the registration was kept although it looked like another one."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
    manual_code = models.CharField(
        _("manual code"),
        max_length=8,
        blank=True,
        editable=False,
        help_text=_(
            "Short code printed under the pass QR, typed at the door when a camera "
            "or a screen fails; reissued with the pass code."
        ),
    )
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "manual_code"],
                condition=~models.Q(manual_code=""),
                name="manual_code_per_conference",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return join_name(self.family_name, self.middle_name, self.given_name)

    @property
    def manual_code_display(self) -> str:
        """ "K7FM-3QX9": the manual code in two groups of four, as printed."""
        code = self.manual_code
        return f"{code[:4]}-{code[4:]}" if code else ""

    @property
    def affiliation(self) -> str:
        return self.unit.name if self.unit_id else self.organization

    @property
    def salutation(self) -> str:
        """ "Ông Nguyễn Quang Đông" when the form of address is known."""
        prefix = {Gender.MALE: "Ông", Gender.FEMALE: "Bà"}.get(self.gender, "")
        return f"{prefix} {self.full_name}".strip()


class RegistrationPolicy(models.Model):
    """How registration works for one conference: deadline, approval, quotas."""

    conference = models.OneToOneField(
        "events.Conference", on_delete=models.CASCADE, related_name="registration_policy"
    )
    deadline = models.DateTimeField(
        _("liaison deadline"),
        null=True,
        blank=True,
        help_text=_("After this, liaisons can no longer add or change their delegation."),
    )
    auto_approve = models.BooleanField(
        _("approve automatically"),
        default=False,
        help_text=_("Registrations by liaisons are approved at once, within the quotas."),
    )
    unit_quota = models.PositiveSmallIntegerField(
        _("places per unit"),
        null=True,
        blank=True,
        help_text=_("Delegates each unit may register (roles that count); empty: no limit."),
    )
    staff_approve_walkins = models.BooleanField(
        _("check-in staff may approve walk-ins"),
        default=False,
        help_text=_(
            "A walk-in (a guest, or a replacement of an absent delegate) registered at "
            "the door is admitted at once; otherwise it waits for an organizer."
        ),
    )

    class Meta:
        verbose_name = _("registration policy")
        verbose_name_plural = _("registration policies")

    def __str__(self):
        return str(self.conference)


class UnitQuota(models.Model):
    """A unit-specific number of places, overriding the policy's default."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="unit_quotas"
    )
    unit = models.ForeignKey("events.MemberUnit", on_delete=models.CASCADE, related_name="+")
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        verbose_name = _("unit quota")
        verbose_name_plural = _("unit quotas")
        constraints = [
            models.UniqueConstraint(fields=["conference", "unit"], name="one_quota_per_unit")
        ]

    def __str__(self):
        return f"{self.unit} — {self.places}"
