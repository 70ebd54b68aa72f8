"""Reads for the conference's documents: the organizer's list, the
delegate's list grouped by agenda item, one document, its files on disk,
and the pass a browser opened (which lets it read without an account)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from events.models import (
    AgendaItem,
    Conference,
    ConferenceDocument,
    Registration,
    RegistrationStatus,
)
from events.selectors.agenda import agenda_items, current_and_next

#: ``request.session[PASS_SESSION_KEY][str(conference.pk)]``: the pass code
#: this browser opened (events.views.passes); reissuing the pass ends it.
PASS_SESSION_KEY = "document_passes"  # noqa: S105 (a session key, not a secret)


def documents_for_conference(
    *, conference: Conference, published_only: bool
) -> QuerySet[ConferenceDocument]:
    qs = conference.documents.select_related("agenda_item").order_by("position", "pk")
    return qs.filter(published=True) if published_only else qs


def document_get(
    *, conference: Conference, pk: int, published_only: bool
) -> ConferenceDocument | None:
    return (
        documents_for_conference(conference=conference, published_only=published_only)
        .filter(pk=pk)
        .first()
    )


@dataclass
class DocumentGroup:
    """The documents of one agenda item (``item`` None: of the whole conference)."""

    item: AgendaItem | None
    documents: list[ConferenceDocument] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"item-{self.item.pk}" if self.item else "general"


def documents_grouped(*, conference: Conference) -> list[DocumentGroup]:
    """Published documents: the conference's own first, then each agenda
    item's in agenda order; empty groups left out."""
    general = DocumentGroup(item=None)
    by_item: dict[int, DocumentGroup] = {}
    for document in documents_for_conference(conference=conference, published_only=True):
        if document.agenda_item is None:
            general.documents.append(document)
        else:
            group = by_item.setdefault(
                document.agenda_item_id, DocumentGroup(item=document.agenda_item)
            )
            group.documents.append(document)
    items = sorted(by_item.values(), key=lambda g: (g.item.position, g.item.pk))
    return ([general] if general.documents else []) + items


def documents_by_item(*, conference: Conference) -> dict[int, list[ConferenceDocument]]:
    """Published documents keyed by agenda item id (items without none absent)."""
    result: dict[int, list[ConferenceDocument]] = {}
    for document in documents_for_conference(conference=conference, published_only=True).filter(
        agenda_item__isnull=False
    ):
        result.setdefault(document.agenda_item_id, []).append(document)
    return result


def document_dir(document: ConferenceDocument) -> Path:
    return Path(settings.MEDIA_ROOT) / "documents" / document.storage_key


def document_original_path(document: ConferenceDocument) -> Path:
    return document_dir(document) / f"original.{document.extension}"


def document_page_path(document: ConferenceDocument, page: int) -> Path:
    return document_dir(document) / f"page-{page:04d}.png"


def pass_holder(*, session, conference: Conference) -> Registration | None:
    """The approved registration whose pass link this session opened for
    ``conference``, if its code is still the current one."""
    code = (session.get(PASS_SESSION_KEY) or {}).get(str(conference.pk))
    if not code:
        return None
    return Registration.objects.filter(
        conference=conference, code=code, status=RegistrationStatus.APPROVED
    ).first()


def running_item_documents(documents: list[ConferenceDocument], *, conference: Conference):
    """(the agenda item running now, its documents among ``documents``), for
    the top of a delegate's list: during the meeting they are what one opens.
    (None, []) when no document belongs to an item or nothing is running."""
    if not any(d.agenda_item_id for d in documents):
        return None, []
    running, _upcoming = current_and_next(list(agenda_items(conference=conference)))
    if running is None:
        return None, []
    return running, [d for d in documents if d.agenda_item_id == running.pk]
