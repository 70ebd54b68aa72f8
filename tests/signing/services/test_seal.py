"""Sealing does not hold the database while the PDF renders, refuses to seal
what changed meanwhile, and leaves no file behind when it fails.

Real threads on the real (SQLite: one write lock) database. The render is
held at WeasyPrint's layout step through WeasyPrint's own progress logger,
so another thread can act while it runs.
"""

import logging
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connection

from events.services.checkin import Result, checkin_list_main, checkin_perform
from signing.errors import SigningError
from signing.models import CeremonyState
from signing.services import ceremony_seal
from tests.factories import RegistrationFactory
from tests.signing.conftest import sign_all, sign_by_kiosk, signature_png

pytestmark = pytest.mark.django_db(transaction=True)
SEALER = "sealer"


class HoldRender(logging.Handler):
    """Holds the sealing thread at WeasyPrint's layout step until released."""

    def __init__(self):
        super().__init__()
        self.rendering = threading.Event()
        self.resume = threading.Event()

    def emit(self, record):
        if (
            threading.current_thread().name == SEALER
            and record.getMessage().startswith("Step 4")
            and not self.rendering.is_set()
        ):
            self.rendering.set()
            self.resume.wait(timeout=30)


@pytest.fixture
def held_render():
    import signing.pdf  # noqa: F401 (it quiets this logger when first imported)

    logger = logging.getLogger("weasyprint.progress")
    level, handler = logger.level, HoldRender()
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler
    handler.resume.set()
    logger.removeHandler(handler)
    logger.setLevel(level)


def _in_thread(call, name="writer"):
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except SigningError as error:
            outcome["code"] = error.code
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, outcome


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_database_takes_writes_while_the_seal_renders(open_ceremony, chair_meta, held_render):
    sign_all(open_ceremony, chair_meta)
    conference = open_ceremony.covenant.conference
    delegate = RegistrationFactory(conference=conference, full_name="Trần Văn Đến")
    sealer, sealed = _in_thread(
        lambda: ceremony_seal(ceremony=open_ceremony, meta=chair_meta), name=SEALER
    )
    assert held_render.rendering.wait(timeout=60), sealed

    writer, checked_in = _in_thread(
        lambda: (
            checkin_perform(
                conference=conference,
                checkin_list=checkin_list_main(conference=conference),
                code=delegate.code,
                nonce="n-during-seal",
            ).result
        )
    )
    writer.join(timeout=5)
    done_during_render = not writer.is_alive()
    held_render.resume.set()
    writer.join()
    sealer.join()

    assert done_during_render
    assert checked_in == {"value": Result.OK}
    assert sealed["value"].state == CeremonyState.SEALED


def test_signature_during_the_render_refuses_the_seal_and_leaves_no_file(
    open_ceremony, chair_meta, held_render, settings
):
    first, second, third = open_ceremony.signatories.order_by("position")
    for signatory in (first, second):
        sign_by_kiosk(open_ceremony, signatory, signature_png(), chair_meta)
    sealer, sealed = _in_thread(
        lambda: ceremony_seal(
            ceremony=open_ceremony, meta=chair_meta, missing_reason="Một đơn vị vắng"
        ),
        name=SEALER,
    )
    assert held_render.rendering.wait(timeout=60)

    signer, signed = _in_thread(
        lambda: sign_by_kiosk(open_ceremony, third, signature_png(), chair_meta).pk
    )
    signer.join(timeout=5)
    held_render.resume.set()
    signer.join()
    sealer.join()

    assert signed == {"value": third.pk}
    assert sealed == {"code": "changed_while_sealing"}
    open_ceremony.refresh_from_db()
    assert (open_ceremony.state, open_ceremony.pdf.name) == (CeremonyState.OPEN, "")
    assert _media_files(settings) == []


def test_failed_commit_leaves_no_sealed_file(open_ceremony, chair_meta, settings):
    sign_all(open_ceremony, chair_meta)

    def fail_on_sealed_event(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "signing_auditevent"') and "sealed" in (params or ()):
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_on_sealed_event), pytest.raises(OperationalError):
        ceremony_seal(ceremony=open_ceremony, meta=chair_meta)

    open_ceremony.refresh_from_db()
    assert (open_ceremony.state, open_ceremony.pdf.name) == (CeremonyState.OPEN, "")
    assert _media_files(settings) == []
