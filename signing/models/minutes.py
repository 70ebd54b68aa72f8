"""The minutes of a conference (biên bản, Decree 30/2020 Mẫu 1.9) and the
photos of its news article.

The minutes keep two parts apart: the facts (attendance, times, chairs,
covenant signatories: read from the meeting by
``signing.selectors.meeting_facts``, never typed) and the secretary's text
(what was said under each agenda item, what was adopted, remarks). Finalising
freezes both as canonical JSON with its SHA-256; the secretary and the chair
then sign that text, and sealing makes the PDF with the organisation's key
as for the covenant (``signing.sealing``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Finalised, awaiting signatures")
    SEALED = "sealed", _("Sealed")


class MinutesRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    CHAIR = "chair", _("Chair")


class Minutes(models.Model):
    conference = models.OneToOneField(
        "events.Conference", on_delete=models.CASCADE, related_name="minutes"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    number = models.CharField(
        _("number"),
        max_length=40,
        blank=True,
        help_text=_('Printed as "Số: …/BB-…"; e.g. 01/BB-SNV. Empty: left blank to fill in.'),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    place = models.CharField(_("place"), max_length=100)
    # The secretary's text: {"items": {"<agenda item id>": "…"}, "adopted": [...],
    # "opening": "…", "other": "…"}.
    sections = models.JSONField(default=dict, blank=True)
    # The facts the text was drafted from (for "what changed" on re-generation).
    facts = models.JSONField(default=dict, blank=True, editable=False)
    public_id = models.CharField(max_length=43, unique=True, editable=False)
    frozen_text = models.TextField(blank=True, editable=False)
    text_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    finalised_at = models.DateTimeField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="minutes/", blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    sealed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sealed_record = models.JSONField(default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"BB {self.conference}"


class MinutesSigner(models.Model):
    """The secretary or the chair of the minutes, and their signature."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signers")
    role = models.CharField(max_length=10, choices=MinutesRole.choices)
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered delegate"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # One-time signing link: only the SHA-256 of its token is kept.
    token_sha256 = models.CharField(max_length=64, blank=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signature_png = models.BinaryField(null=True, blank=True, editable=False)
    signature_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("signer of the minutes")
        verbose_name_plural = _("signers of the minutes")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "role"], name="one_minutes_signer_per_role"),
            models.UniqueConstraint(
                fields=["token_sha256"], condition=~models.Q(token_sha256=""), name="minutes_token"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.full_name}"

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None


class NewsPhoto(models.Model):
    """A photo for the news article, resized and stripped of EXIF on upload."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="news_photos"
    )
    image = models.FileField(upload_to="news/")
    thumbnail = models.FileField(upload_to="news/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("news photo")
        verbose_name_plural = _("news photos")
        ordering = ["conference", "position", "pk"]

    def __str__(self):
        return self.caption or self.image.name
