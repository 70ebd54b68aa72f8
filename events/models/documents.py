"""Papers of a conference for its delegates: draft reports, draft decisions
and the like, attached to the conference or to one agenda item.

The bytes live under ``MEDIA_ROOT/documents/<storage_key>/`` (the original,
and for a PDF one PNG per page), never under a public URL: every file is
served by a view that checks who asks. ``storage_key`` is random and
unguessable; the original's name is kept only to offer it on download.
Later issues (motions to adopt a document) point at this model, so it
knows nothing of how a document is used.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: A PDF whose page images are not drawn this long after its upload is late.
PAGES_LATE_AFTER = timedelta(minutes=2)


class DocumentKind(models.TextChoices):
    DRAFT_REPORT = "draft_report", _("Draft report")
    DRAFT_DECISION = "draft_decision", _("Draft decision")
    OTHER = "other", _("Other document")


class PagesState(models.TextChoices):
    """A PDF's page images for phones, rendered by the task worker after the
    upload (events.tasks.document_render)."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class ConferenceDocument(models.Model):
    conference = models.ForeignKey(
        "events.Conference",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("conference"),
    )
    agenda_item = models.ForeignKey(
        "events.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    storage_key = models.CharField(max_length=43, unique=True, editable=False)
    original_filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    #: A PDF's page images, ``[[width, height], ...]`` in pixels, in page order.
    page_sizes = models.JSONField(default=list, blank=True)
    pages_state = models.CharField(
        _("page images"), max_length=10, choices=PagesState.choices, default=PagesState.READY
    )
    #: A DOCX's text as sanitised HTML (core.doc_files.docx_html); empty for a PDF.
    html = models.TextField(blank=True, default="")
    published = models.BooleanField(_("published"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("conference document")
        verbose_name_plural = _("conference documents")
        indexes = [models.Index(fields=["conference", "published", "position"])]

    def __str__(self):
        return self.title

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def pages_ready(self) -> bool:
        return self.pages_state == PagesState.READY

    @property
    def pages_late(self) -> bool:
        """Still waiting for its page images long after the upload: the task
        worker may not be running, so the viewer offers the download."""
        return (
            self.pages_state == PagesState.PENDING
            and timezone.now() - self.uploaded_at > PAGES_LATE_AFTER
        )

    @property
    def extension(self) -> str:
        return "pdf" if self.is_pdf else "docx"
