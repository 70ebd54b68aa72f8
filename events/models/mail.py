"""Emails sent from the app in batches: one ``Mailing`` per send, one
``Delivery`` per recipient with what happened to it.

The send log is the deliveries: who got what, who did not and why. A
mailing is written whole before anything is sent (the recipients are
fixed when it starts), so nothing is half-sent without a trace.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailingStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Sending")
    DONE = "done", _("Finished")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Mailing(models.Model):
    """One batch of emails of one kind (``events.mail`` registry)."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="mailings"
    )
    kind = models.CharField(_("kind"), max_length=40)
    # What the batch is for: a registration (one pass), a unit, or nothing
    # (everyone the kind selects).
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailingStatus.choices, default=MailingStatus.QUEUED
    )
    # The form's one-time key: a second submission of the same form (a
    # double click, a reload) finds this mailing instead of starting another.
    key = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "key"], name="mailing_key_per_conference")
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class Delivery(models.Model):
    """One recipient of a mailing, and the outcome of sending to them."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    email = models.CharField(_("email"), max_length=254, blank=True)
    name = models.CharField(_("name"), max_length=255)
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "events.MemberUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # A stable code (``no_email``, ``refused``...) and the server's words.
    reason_code = models.CharField(max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["pk"]
        indexes = [models.Index(fields=["mailing", "status"], name="delivery_mailing_status")]

    def __str__(self):
        return f"{self.name} <{self.email}>"
