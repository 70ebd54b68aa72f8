"""The counting of a vote (kiểm phiếu): the committee that counts each
decision and, once a round is closed, its sealed counting record.

The committee is per decision, not per conference: a unit proposed on one
ballot (suy tôn, an election) may not count that ballot, but its delegate
can count the vote adopting a report. The record's sealed PDF and the facts
it states (``sealed_record``) are written by ``signing`` (which holds the
organisation's key); this app only keeps them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CountingMember(models.Model):
    """A seat on a decision's counting committee (Ban kiểm phiếu)."""

    decision = models.ForeignKey(
        "events.Decision", on_delete=models.CASCADE, related_name="counting_members"
    )
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.PROTECT, related_name="+"
    )
    is_head = models.BooleanField(_("head of the committee"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("counting committee member")
        verbose_name_plural = _("counting committee members")
        ordering = ["decision", "-is_head", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "registration"], name="one_counting_seat_per_person"
            ),
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(is_head=True),
                name="one_counting_head_per_decision",
            ),
        ]

    def __str__(self):
        return str(self.registration)


class CountingRecord(models.Model):
    """The sealed counting record (biên bản kiểm phiếu) of one closed round.
    Created only when sealed; a round has at most one."""

    poll = models.OneToOneField(
        "events.Poll", on_delete=models.PROTECT, related_name="counting_record"
    )
    number = models.CharField(
        _("number"),
        max_length=40,
        blank=True,
        help_text=_('Printed as "Số: …/BB-…"; e.g. 02/BB-BKP. Empty: left blank to fill in.'),
    )
    public_id = models.CharField(max_length=43, unique=True, editable=False)
    pdf = models.FileField(upload_to="counting/", editable=False)
    pdf_sha256 = models.CharField(max_length=64, editable=False)
    sealed_at = models.DateTimeField(editable=False)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the sealed PDF states, frozen for the public verify page.
    sealed_record = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("counting record")
        verbose_name_plural = _("counting records")

    def __str__(self):
        return f"BBKP {self.poll}"
