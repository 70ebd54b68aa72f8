"""The one way a document is sealed, whatever it is (covenant, minutes,
counting record): render → sign with the organisation's key (PAdES, pyHanko
via ``signing.sealing``) → recheck in a short transaction → store.

Rendering and signing take seconds, so they run with no lock held (on
SQLite a transaction holds the whole database's write lock: check-ins would
stall). The state change then commits in a short transaction that locks the
row and first checks nothing moved meanwhile; otherwise the caller's
``recheck`` refuses (``changed_while_sealing``) and any file already written
is deleted, so a failed commit leaves no orphan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signing import sealing
from signing.errors import SigningError

T = TypeVar("T")


@dataclass
class SealedPdf:
    """The signed bytes, their SHA-256, the sealing certificate's
    fingerprint and (inside the transaction) the moment of sealing."""

    data: bytes
    sha256: str
    certificate: str
    at: datetime | None = None
    _written: list = field(default_factory=list, repr=False)

    def save_into(self, file_field, name: str) -> None:
        """Write the sealed PDF into a model's FileField (not saving the row);
        deleted again if the transaction fails."""
        file_field.save(name, ContentFile(self.data), save=False)
        self._written.append((file_field.storage, file_field.name))


def changed_while_sealing() -> SigningError:
    return SigningError(
        _("Something changed while the PDF was being sealed. Seal again."),
        code="changed_while_sealing",
    )


def seal_and_store(
    *,
    unsealed: bytes,
    reason: str,
    location: str,
    lock: Callable[[], T],
    recheck: Callable[[T], None],
    store: Callable[[T, SealedPdf], T],
) -> T:
    """Sign ``unsealed`` (call this outside a transaction), then in one
    short transaction: ``lock()`` the row, ``recheck`` it (raise to refuse),
    ``store`` the file and the new state; returns what ``store`` returns."""
    data = sealing.seal_pdf(unsealed, reason=reason, location=location)
    sealed = SealedPdf(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        certificate=sealing.current_fingerprint(),
    )
    try:
        with transaction.atomic():
            locked = lock()
            recheck(locked)
            sealed.at = timezone.now()
            return store(locked, sealed)
    except BaseException:
        for storage, name in sealed._written:
            storage.delete(name)
        raise
