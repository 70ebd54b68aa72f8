"""The uploaded file between an import's preview and its confirmation.

A checked upload is kept as ``MEDIA_ROOT/imports/<token>.bin``; the token
goes into the organizer's session. The file is deleted once the import is
confirmed (whatever the outcome), cancelled or replaced by another preview.
A preview nobody confirms is deleted once older than ``PREVIEW_MAX_AGE``:
whenever a new preview is stored, and by ``manage.py cleanup_imports``.
"""

import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from events.models import Conference
from events.services.imports import ImportFileError, ImportResult, import_parse, import_run

PREVIEW_MAX_AGE = timedelta(hours=24)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def import_preview_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(token: str) -> Path | None:
    """The preview's file, or None for a token we could not have issued."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return import_preview_dir() / f"{token}.bin"


def _expired() -> ImportFileError:
    return ImportFileError(_("This preview has expired; upload the file again."), "preview_expired")


def import_preview_store(*, data: bytes, replaces: str | None = None) -> str:
    """Keep a checked upload until it is confirmed; returns its token.

    Deletes the preview it ``replaces`` (the same organizer's previous one)
    and every preview older than ``PREVIEW_MAX_AGE``.
    """
    if replaces:
        import_preview_discard(token=replaces)
    import_previews_delete_stale()
    directory = import_preview_dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    (directory / f"{token}.bin").write_bytes(data)
    return token


def import_preview_commit(
    *,
    conference: Conference,
    token: str,
    filename: str,
    approve: bool,
    created_by=None,
    meta=None,
) -> ImportResult:
    """Import the stored preview (all rows or none), then delete its file.

    Raises ``ImportFileError`` (code ``preview_expired``) when the file is gone.
    """
    path = _path(token)
    if path is None:
        raise _expired()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _expired() from None
    try:
        rows = import_parse(data=data, filename=filename)
        return import_run(
            conference=conference,
            rows=rows,
            commit=True,
            approve=approve,
            created_by=created_by,
            meta=meta,
        )
    finally:
        path.unlink(missing_ok=True)


def import_preview_discard(*, token: str) -> bool:
    """Delete a preview that will not be confirmed; False if it was already gone."""
    path = _path(token)
    if path is None:
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def import_previews_delete_stale(*, max_age: timedelta = PREVIEW_MAX_AGE) -> int:
    """Delete previews last written more than ``max_age`` ago; returns how many."""
    directory = import_preview_dir()
    if not directory.is_dir():
        return 0
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for path in directory.glob("*.bin"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # confirmed or cleaned up meanwhile
            continue
    return removed
