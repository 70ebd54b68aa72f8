"""Writes for the conference's documents: upload (checked, scanned,
rendered for phones), publish, reorder, delete. Every one is audited.

An upload is judged by its bytes (core.doc_files), scanned
(core.virus_scan), rendered (PDF pages to images, DOCX to sanitised HTML)
and only then stored: files first, in a directory of their own, then the
row. A refusal at any step leaves neither files nor row.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.doc_files import docx_html, inspect_document, pdf_page_images, pdf_page_sizes
from core.errors import DomainError, field_error
from core.virus_scan import virus_scan
from events.models import AgendaItem, Conference, ConferenceDocument, DocumentKind, PagesState
from events.selectors.documents import (
    document_dir,
    document_original_path,
    document_page_path,
    documents_for_conference,
)
from events.services.activity import activity_record

logger = logging.getLogger(__name__)
TITLE_MAX = 300


@dataclass(frozen=True)
class Upload:
    """The bytes of an uploaded file and the name it came with."""

    data: bytes
    filename: str


def safe_filename(name: str) -> str:
    """The last part of ``name``, NFC, without control characters or quotes,
    at most 120 characters (it is only ever offered back on download)."""
    name = unicodedata.normalize("NFC", os.path.basename(name.replace("\\", "/")))
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:/\\|?*')
    name = name.strip(" .")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 120 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 8 else name[:120]
    return name or "tai-lieu"


def _clean_title(title: str) -> str:
    title = " ".join(unicodedata.normalize("NFC", title or "").split())
    if not title:
        raise field_error("title", _("Give the document a title."), "document_title_required")
    if len(title) > TITLE_MAX:
        raise field_error(
            "title",
            _("The title is longer than %(max)s characters.") % {"max": TITLE_MAX},
            "document_title_too_long",
        )
    return title


def _write_original(*, key: str, extension: str, data: bytes) -> None:
    """The uploaded file in its new folder (page images come from the worker)."""
    directory = document_dir(ConferenceDocument(storage_key=key))
    directory.mkdir(parents=True, exist_ok=False)
    (directory / f"original.{extension}").write_bytes(data)


def document_upload(
    *,
    conference: Conference,
    title: str,
    upload: Upload,
    kind: str = DocumentKind.OTHER,
    agenda_item: AgendaItem | None = None,
    published: bool = False,
    meta=None,
) -> ConferenceDocument:
    """Check, scan, render and store one file; refusals are DomainErrors on
    the ``file`` or ``title`` field (codes in core.doc_files and above)."""
    title = _clean_title(title)
    if kind not in DocumentKind.values:
        raise field_error("kind", _("Choose a kind of document."), "document_kind_invalid")
    if agenda_item is not None and agenda_item.conference_id != conference.pk:
        raise field_error(
            "agenda_item",
            _("This agenda item belongs to another conference."),
            "document_item_other_conference",
        )
    inspected = inspect_document(
        upload.data,
        max_bytes=settings.DOCUMENTS_MAX_BYTES,
        max_pages=settings.DOCUMENTS_MAX_PAGES,
    )
    virus_scan(upload.data, filename=upload.filename)
    # A PDF's page images are drawn by the task worker (~75 ms a page), not
    # in this request: the viewer says "being prepared" until they are.
    sizes, html, state = [], "", PagesState.READY
    if inspected.page_count is not None:
        sizes, state = pdf_page_sizes(upload.data), PagesState.PENDING
    else:
        html = docx_html(upload.data)
    key = secrets.token_urlsafe(32)
    _write_original(key=key, extension=inspected.extension, data=upload.data)
    try:
        with transaction.atomic():
            position = (conference.documents.aggregate(last=Max("position"))["last"] or 0) + 1
            document = ConferenceDocument(
                conference=conference,
                agenda_item=agenda_item,
                title=title,
                kind=kind,
                position=position,
                storage_key=key,
                original_filename=safe_filename(upload.filename),
                content_type=inspected.content_type,
                size=len(upload.data),
                sha256=hashlib.sha256(upload.data).hexdigest(),
                page_count=inspected.page_count,
                page_sizes=[[width, height] for width, height in sizes],
                pages_state=state,
                html=html,
                published=published,
                uploaded_by=getattr(meta, "user", None),
            )
            document.full_clean()
            document.save(force_insert=True)
            activity_record(
                conference=conference,
                action="document.uploaded",
                obj=document,
                data={
                    "size": document.size,
                    "pages": document.page_count,
                    "type": inspected.extension,
                    "published": published,
                },
                meta=meta,
            )
            if state == PagesState.PENDING:
                transaction.on_commit(lambda: _enqueue_render(document.pk))
    except BaseException:
        shutil.rmtree(document_dir(ConferenceDocument(storage_key=key)), ignore_errors=True)
        raise
    return document


def _enqueue_render(document_id: int) -> None:
    from events.tasks import document_render

    document_render.enqueue(document_id=document_id)


def document_render_pages(*, document_id: int) -> str:
    """Draw a PDF's page images for phones (the task worker, after the
    upload) and mark them ready; a PDF pdfium cannot draw is marked failed,
    and the viewer offers the download. Returns the new state."""
    document = ConferenceDocument.objects.filter(pk=document_id).first()
    if document is None or document.pages_state != PagesState.PENDING:
        return document.pages_state if document else ""
    try:
        pages = pdf_page_images(document_original_path(document).read_bytes())
        for number, (image, _width, _height) in enumerate(pages, start=1):
            document_page_path(document, number).write_bytes(image)
    except (DomainError, OSError):
        # OSError: also a document deleted meanwhile (its folder went first).
        logger.exception("Could not draw the pages of document %s", document_id)
        pages, state = [], PagesState.FAILED
    else:
        state = PagesState.READY
    fields = {"pages_state": state}
    if pages:
        fields["page_sizes"] = [[width, height] for _image, width, height in pages]
    ConferenceDocument.objects.filter(pk=document_id).update(**fields)
    return state


def document_set_published(
    *, document: ConferenceDocument, published: bool, meta=None
) -> ConferenceDocument:
    with transaction.atomic():
        document = ConferenceDocument.objects.select_for_update().get(pk=document.pk)
        if document.published == published:
            return document
        document.published = published
        document.save(update_fields=["published"])
        activity_record(
            conference=document.conference,
            action="document.published" if published else "document.unpublished",
            obj=document,
            meta=meta,
        )
    return document


def document_move(*, document: ConferenceDocument, direction: str, meta=None) -> None:
    """One place up or down in the conference's list (the delegates' order
    within each agenda item follows it)."""
    if direction not in ("up", "down"):
        raise DomainError(_("Move up or down."), "document_move_invalid")
    with transaction.atomic():
        ordered = list(
            documents_for_conference(
                conference=document.conference, published_only=False
            ).select_for_update(of=("self",))
        )
        index = next(i for i, d in enumerate(ordered) if d.pk == document.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        activity_record(
            conference=document.conference,
            action="document.moved",
            obj=document,
            data={"direction": direction},
            meta=meta,
        )


def document_delete(*, document: ConferenceDocument, meta=None) -> None:
    """The row now, the files once the deletion is committed."""
    directory = document_dir(document)
    with transaction.atomic():
        activity_record(
            conference=document.conference,
            action="document.deleted",
            obj=document,
            data={"size": document.size, "sha256": document.sha256},
            meta=meta,
        )
        document.delete()
        transaction.on_commit(lambda: shutil.rmtree(directory, ignore_errors=True))
