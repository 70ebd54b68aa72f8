"""The agenda of a conference: ordered items and a live state with a version.

Planned start times are derived (see ``events.services.agenda.agenda_recompute``):
each item follows the previous one unless the organizer pinned its start; the
chair's "running late" adds to ``delay_minutes`` of every following item.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgendaItemKind(models.TextChoices):
    WELCOME = "welcome", _("Welcome and seating")
    OPENING = "opening", _("Opening")
    REPORT = "report", _("Report")
    ADOPTION = "adoption", _("Adoption of a document")
    CONTRIBUTIONS = "contributions", _("Unit contributions")
    DISCUSSION = "discussion", _("Discussion")
    GUEST_SPEECH = "guest_speech", _("Speech by a guest")
    BALLOT = "ballot", _("Ballot")
    COVENANT_SIGNING = "covenant_signing", _("Covenant signing")
    BREAK = "break", _("Break")
    CLOSING = "closing", _("Closing")
    OTHER = "other", _("Other")


class AgendaItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class AgendaItem(models.Model):
    conference = models.ForeignKey(
        "events.Conference",
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("conference"),
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    pinned_start = models.DateTimeField(
        _("fixed start"),
        null=True,
        blank=True,
        help_text=_("Leave empty to start right after the previous item."),
    )
    delay_minutes = models.PositiveSmallIntegerField(_("delay (minutes)"), default=0)
    planned_start = models.DateTimeField(_("planned start"))
    presenter = models.ForeignKey(
        "events.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("presenter"),
    )
    presenter_unit = models.ForeignKey(
        "events.MemberUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("presenting unit"),
    )
    presenter_text = models.CharField(_("presenter (free text)"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgendaItemStatus.choices,
        default=AgendaItemStatus.PLANNED,
    )
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("actual end"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["conference", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "position"],
                name="agenda_position_per_conference",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=600),
                name="agenda_duration_range",
            ),
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(status="running"),
                name="agenda_one_running_item",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def planned_end(self):
        return self.planned_start + timedelta(minutes=self.duration_minutes)

    @property
    def presenter_label(self) -> str:
        """Who presents, as printed: person, unit, and/or free text."""
        parts = []
        if self.presenter_id:
            parts.append(self.presenter.full_name)
        if self.presenter_unit_id:
            parts.append(self.presenter_unit.name)
        if self.presenter_text:
            parts.append(self.presenter_text)
        return " — ".join(parts)


class AgendaState(models.Model):
    """One row per conference: the agenda's version and the announcement.

    Every committed change bumps ``version`` under a row lock, so clients can
    order snapshots and ignore stale ones.
    """

    conference = models.OneToOneField(
        "events.Conference", on_delete=models.CASCADE, related_name="agenda_state"
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)
    announcement = models.CharField(_("announcement"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda state")
        verbose_name_plural = _("agenda states")

    def __str__(self):
        return f"{self.conference_id} v{self.version}"
