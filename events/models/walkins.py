"""People who turn up at the door without a registration."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WalkInKind(models.TextChoices):
    GUEST = "guest", _("Guest")
    REPLACEMENT = "replacement", _("Replacement of an absent delegate")


class WalkInStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an organizer")
    APPROVED = "approved", _("Admitted")
    DECLINED = "declined", _("Declined")


class WalkIn(models.Model):
    """A walk-in asked for by check-in staff at the door.

    Until it is approved it is only a request: ``person`` holds the typed
    details (names, title, organisation, unit and role ids, phone) and no
    registration exists, so a waiting replacement takes no quota place and
    the absent delegate keeps theirs. Approving creates the registration
    (cancelling the replaced delegate first) and admits it at once.
    """

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="walk_ins"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=WalkInKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=WalkInStatus.choices, default=WalkInStatus.PENDING
    )
    person = models.JSONField(default=dict)
    full_name = models.CharField(_("name"), max_length=255)
    replaces = models.ForeignKey(
        "events.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces"),
    )
    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="walk_in",
    )
    checkin_list = models.ForeignKey(
        "events.CheckinList", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="guest", replaces__isnull=True) | Q(kind="replacement"),
                name="walk_in_guest_replaces_nobody",
            ),
        ]

    def __str__(self):
        return self.full_name
