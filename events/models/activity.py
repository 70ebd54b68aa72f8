"""The activity log of a conference: what its organizers did, who, when, from where.

Rows are written only by ``events.services.activity.activity_record``, called
from the services that do the work (never from signals or views). The action
is stored as a stable code and shown through ``ACTION_LABELS`` in the
viewer's language; no translated text is stored.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "registration.approved": _("Approved a registration"),
    "registration.declined": _("Declined a registration"),
    "registration.cancelled": _("Cancelled a registration"),
    "registration.pending": _("Put a registration back to pending"),
    "registrations.bulk_approved": _("Approved registrations in bulk"),
    "registrations.imported": _("Imported registrations"),
    "staff.invited": _("Invited a staff member"),
    "staff.removed": _("Removed a staff member"),
    "device.created": _("Added a scanner device"),
    "device.paired": _("Paired a scanner device"),
    "device.revoked": _("Revoked a scanner device"),
    "pass_key.rotated": _("Rotated the pass signing key"),
    "pass_key.retired": _("Retired a pass signing key"),
    "policy.updated": _("Changed the registration settings and quotas"),
    "covenant.updated": _("Edited the covenant text"),
    "signatory.updated": _("Changed a signatory"),
    "ceremony.opened": _("Opened the signing ceremony"),
    "ceremony.reopened": _("Reopened the signing ceremony"),
    "ceremony.cancelled": _("Cancelled the signing ceremony"),
    "ceremony.sealed": _("Sealed the covenant"),
}


class ActivityLog(models.Model):
    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="activity"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The actor's email when it happened: the row still says who after the
    # account is deleted or its address changes.
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["conference", "-at"], name="activity_newest"),
            models.Index(fields=["conference", "action", "-at"], name="activity_by_action"),
        ]

    def __str__(self):
        return f"{self.action} {self.object_label}"

    @property
    def action_label(self) -> str:
        """The action in the active language (the code for an unknown one)."""
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def role_label(self) -> str:
        """The staff role named in ``data``, in the active language."""
        from events.models.conferences import StaffRole

        role = self.data.get("role") if isinstance(self.data, dict) else None
        return str(StaffRole(role).label) if role in StaffRole.values else ""
