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
    "decision.created": _("Added a decision"),
    "poll.created": _("Prepared a vote"),
    "poll.opened": _("Opened a vote"),
    "poll.voter_added": _("Added a voter to an open vote"),
    "poll.closed": _("Closed a vote"),
    "counting.member_added": _("Seated a member of a counting committee"),
    "counting.member_removed": _("Removed a member of a counting committee"),
    "counting.sealed": _("Sealed a counting record"),
    "poll.paper_entered": _("Entered the paper ballot counts of a vote"),
    "poll.paper_corrected": _("Corrected the paper ballot counts of a vote"),
    "cluster_term.elected": _("Wrote next year's cluster term from an election"),
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
    "badge.printed": _("Printed a badge at the door"),
    "walkin.requested": _("Registered a walk-in at the door"),
    "walkin.approved": _("Approved and admitted a walk-in"),
    "walkin.declined": _("Declined a walk-in"),
    "policy.updated": _("Changed the registration settings and quotas"),
    "covenant.updated": _("Edited the covenant text"),
    "signatory.updated": _("Changed a signatory"),
    "ceremony.opened": _("Opened the signing ceremony"),
    "ceremony.reopened": _("Reopened the signing ceremony"),
    "ceremony.cancelled": _("Cancelled the signing ceremony"),
    "ceremony.sealed": _("Sealed the covenant"),
    "minutes.drafted": _("Drafted the minutes"),
    "minutes.updated": _("Edited the minutes"),
    "minutes.regenerated": _("Re-generated the minutes from the facts"),
    "minutes.finalised": _("Finalised the minutes"),
    "minutes.reopened": _("Put the minutes back to draft"),
    "minutes.link_issued": _("Issued a signing link for the minutes"),
    "minutes.signed": _("Signed the minutes"),
    "minutes.sealed": _("Sealed the minutes"),
    "news_photo.uploaded": _("Uploaded a news photo"),
    "news_photo.updated": _("Changed a news photo's caption or order"),
    "news_photo.deleted": _("Deleted a news photo"),
    "document.uploaded": _("Uploaded a document"),
    "document.published": _("Published a document"),
    "document.unpublished": _("Withdrew a document from delegates"),
    "document.moved": _("Reordered the documents"),
    "document.deleted": _("Deleted a document"),
    "mailing.started": _("Started a mailing"),
    "mailing.retried": _("Sent a mailing's failures again"),
    "agenda.item_started": _("Started an agenda item"),
    "agenda.item_finished": _("Finished an agenda item"),
    "agenda.item_skipped": _("Skipped an agenda item"),
    "agenda.delayed": _("Moved the agenda later"),
    "agenda.advanced": _("Moved the agenda earlier"),
    "agenda.delay_undone": _("Undid a change of the agenda's delay"),
    "agenda.announced": _("Showed an announcement"),
    "agenda.announcement_cleared": _("Cleared the announcement"),
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
