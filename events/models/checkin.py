"""Check-in: lists (entrances), scanner devices, the append-only check-in
rows, refusals (the audit of every refused scan) and retired pass codes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.devices import PairedDevice


class CheckinMethod(models.TextChoices):
    CAMERA = "camera", _("Camera scan")
    MANUAL = "manual", _("Manual search")
    CODE = "code", _("Manual code")
    SELF = "self", _("Self check-in")


class CheckinList(models.Model):
    """An entrance or a moment to count people at (main hall, signing, lunch)."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="checkin_lists"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in links"), max_length=60)
    is_main = models.BooleanField(_("main entrance"), default=False, editable=False)
    allow_reentry = models.BooleanField(
        _("allow re-entry"),
        default=False,
        help_text=_("Otherwise a person is admitted once; a second scan is refused."),
    )
    roles = models.ManyToManyField(
        "events.DelegateRole",
        blank=True,
        related_name="checkin_lists",
        verbose_name=_("only these roles"),
        help_text=_("Leave empty to admit every role."),
    )
    # Kept in step with ``roles`` by the service, so a scan on an unlimited
    # list needs no extra query.
    role_limited = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in list")
        verbose_name_plural = _("check-in lists")
        ordering = ["-is_main", "name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="checkin_list_slug"),
            models.UniqueConstraint(
                fields=["conference"], condition=Q(is_main=True), name="one_main_checkin_list"
            ),
        ]

    def __str__(self):
        return self.name


class ScannerDevice(PairedDevice):
    """A phone allowed to scan for one conference and list, by bearer token.

    Only the SHA-256 of the token is stored (indexed: one cheap lookup per
    scan). Pairing hands the token out once, through a short-lived QR.
    """

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="scanner_devices"
    )
    checkin_list = models.ForeignKey(
        CheckinList, on_delete=models.CASCADE, related_name="devices", verbose_name=_("list")
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Gate 1"))

    class Meta:
        verbose_name = _("scanner device")
        verbose_name_plural = _("scanner devices")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="device_token_hash"
            ),
            models.UniqueConstraint(
                fields=["pairing_secret"], condition=~Q(pairing_secret=""), name="device_pairing"
            ),
        ]


class EntranceDisplay(PairedDevice):
    """A screen at the door showing the rotating self check-in QR.

    Paired like a scanner phone (one-time code, bearer token in an httpOnly
    cookie, only its SHA-256 stored) but its own table, so its token can
    never scan. No staff session is left open at the door.
    """

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="entrance_displays"
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Screen at the main door"))

    class Meta:
        verbose_name = _("entrance display")
        verbose_name_plural = _("entrance displays")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="entrance_token_hash"
            ),
            models.UniqueConstraint(
                fields=["pairing_secret"],
                condition=~Q(pairing_secret=""),
                name="entrance_pairing",
            ),
        ]


class Checkin(models.Model):
    """One admission. Rows are never deleted; undo sets ``annulled_at``.

    The partial unique constraint is what makes a once-only list race-safe:
    of simultaneous inserts for the same person, the database accepts one.
    """

    # RESTRICT: a registration with check-ins cannot be deleted on its own
    # (its attendance would vanish); deleting the whole conference still can.
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.RESTRICT, related_name="checkins"
    )
    checkin_list = models.ForeignKey(CheckinList, on_delete=models.CASCADE, related_name="checkins")
    created_at = models.DateTimeField(_("time"), db_index=True)
    method = models.CharField(_("method"), max_length=10, choices=CheckinMethod.choices)
    device = models.ForeignKey(
        ScannerDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkins"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins_made",
    )
    nonce = models.CharField(max_length=100, blank=True)
    once_only = models.BooleanField(default=True, editable=False)
    # Decided on the phone without network and sent later (docs/offline.md);
    # ``created_at`` is then the scan's time, corrected for the phone's clock.
    offline = models.BooleanField(_("admitted offline"), default=False, editable=False)
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    annulled_by_device = models.ForeignKey(
        ScannerDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkin_list", "registration"],
                condition=Q(annulled_at__isnull=True, once_only=True),
                name="one_active_checkin_per_list",
            ),
            models.UniqueConstraint(
                fields=["checkin_list", "nonce"],
                condition=~Q(nonce=""),
                name="checkin_nonce_per_list",
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.checkin_list_id} {self.created_at:%H:%M}"

    @property
    def source_name(self) -> str:
        if self.device_id:
            return self.device.name
        if self.user_id:
            return self.user.name or self.user.email
        return str(CheckinMethod(self.method).label)


class CheckinRefusal(models.Model):
    """The audit of refused scans: who scanned what, where, and why not."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="checkin_refusals"
    )
    checkin_list = models.ForeignKey(CheckinList, on_delete=models.SET_NULL, null=True)
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    result = models.CharField(max_length=30)
    raw_code = models.CharField(max_length=80, blank=True)
    nonce = models.CharField(max_length=100, blank=True)
    method = models.CharField(max_length=10, choices=CheckinMethod.choices)
    offline = models.BooleanField(default=False, editable=False)
    device = models.ForeignKey(
        ScannerDevice, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refused scan")
        verbose_name_plural = _("refused scans")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.result} {self.created_at:%H:%M:%S}"


class RetiredCode(models.Model):
    """A pass code replaced by a reissue: scanning it answers ``revoked``."""

    code = models.CharField(max_length=64, unique=True)
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="retired_codes"
    )
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("retired pass code")
        verbose_name_plural = _("retired pass codes")

    def __str__(self):
        return f"{self.registration_id} {self.retired_at:%Y-%m-%d}"
