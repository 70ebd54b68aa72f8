"""The one seal helper (signing/services/seal_store.py) shared by the
covenant, the minutes and the counting record: a refusal in the short
transaction leaves neither a stored file nor a changed row."""

import pytest
from django.core.files.storage import default_storage

from signing import sealing
from signing.errors import SigningError
from signing.models import Minutes
from signing.services.seal_store import changed_while_sealing, seal_and_store
from tests.events.document_samples import pdf_bytes

pytestmark = pytest.mark.django_db


def test_a_refusal_after_the_file_was_written_deletes_it(conference, media_root):
    minutes = Minutes.objects.create(
        conference=conference, issuing_body="CỤM", place="Hà Nội", public_id="seal-store-test"
    )
    written = []

    def store(locked, sealed):
        sealed.save_into(locked.pdf, "seal-store-test.pdf")
        written.append(locked.pdf.name)
        raise changed_while_sealing()

    with pytest.raises(SigningError) as excinfo:
        seal_and_store(
            unsealed=pdf_bytes(),
            reason="Biên bản",
            location="Hà Nội",
            lock=lambda: Minutes.objects.select_for_update().get(pk=minutes.pk),
            recheck=lambda locked: None,
            store=store,
        )

    assert excinfo.value.code == "changed_while_sealing"
    assert written and not default_storage.exists(written[0])
    minutes.refresh_from_db()
    assert (minutes.pdf.name, minutes.pdf_sha256) == ("", "")


def test_what_store_returns_is_sealed_by_the_organisations_key(conference, media_root):
    minutes = Minutes.objects.create(
        conference=conference, issuing_body="CỤM", place="Hà Nội", public_id="seal-store-ok"
    )

    def store(locked, sealed):
        sealed.save_into(locked.pdf, "seal-store-ok.pdf")
        locked.pdf_sha256 = sealed.sha256
        locked.save(update_fields=["pdf", "pdf_sha256"])
        return locked

    sealed = seal_and_store(
        unsealed=pdf_bytes(),
        reason="Biên bản",
        location="Hà Nội",
        lock=lambda: Minutes.objects.select_for_update().get(pk=minutes.pk),
        recheck=lambda locked: None,
        store=store,
    )

    with sealed.pdf.open("rb") as handle:
        check = sealing.validate_pdf(handle.read())
    assert (check.valid, check.covers_whole_file) == (True, True)
