"""What a valid seal means: our certificate (current or earlier), untouched
since, and this ceremony's document."""

import io
import shutil

import pytest
from django.core.management import call_command

from signing.errors import SigningError
from signing.models import PublicVerification, VerificationResult
from signing.sealing import pdf_statement
from signing.services import ceremony_open, ceremony_seal, pdf_verify
from tests.factories import ConferenceFactory
from tests.signing.conftest import make_ceremony, sign_all


def _seal(ceremony, meta):
    ceremony = ceremony if ceremony.state == "open" else ceremony_open(ceremony=ceremony)
    sign_all(ceremony, meta)
    sealed = ceremony_seal(ceremony=ceremony, meta=meta)
    with sealed.pdf.open("rb") as handle:
        return sealed, handle.read()


@pytest.fixture
def own_certificate(settings, cert_dir, tmp_path):
    """A copy of the test certificate the test may rotate."""
    directory = tmp_path / "seal"
    directory.mkdir()
    for name in ("key.pem", "cert.pem"):
        shutil.copy(cert_dir / name, directory / name)
    settings.SIGNING_KEY_PATH = str(directory / "key.pem")
    settings.SIGNING_CERT_PATH = str(directory / "cert.pem")
    return directory


def test_sealed_pdf_names_its_ceremony_inside(open_ceremony, chair_meta):
    ceremony, data = _seal(open_ceremony, chair_meta)

    assert pdf_statement(data)["ceremony"] == ceremony.public_id


def test_pdf_sealed_for_another_ceremony_is_refused_here(open_ceremony, chair_meta):
    _first, first_pdf = _seal(open_ceremony, chair_meta)
    other, _other_pdf = _seal(make_ceremony(ConferenceFactory()), chair_meta)

    result = pdf_verify(ceremony=other, data=first_pdf, meta=chair_meta)

    assert result.seal.valid
    assert (result.valid, result.other_ceremony, result.identical) == (False, True, False)
    log = PublicVerification.objects.get(ceremony=other)
    assert log.result == VerificationResult.OTHER_CEREMONY


def test_pdf_sealed_before_a_key_rotation_still_verifies(
    own_certificate, open_ceremony, chair_meta
):
    old, old_pdf = _seal(open_ceremony, chair_meta)
    call_command("create_signing_certificate", "--force", stdout=io.StringIO())
    new, new_pdf = _seal(make_ceremony(ConferenceFactory()), chair_meta)

    old_result = pdf_verify(ceremony=old, data=old_pdf, meta=chair_meta)
    new_result = pdf_verify(ceremony=new, data=new_pdf, meta=chair_meta)

    assert (old_result.valid, new_result.valid) == (True, True)
    assert old_result.seal.fingerprint != new_result.seal.fingerprint
    assert old.sealed_record["certificate"] == old_result.seal.fingerprint
    assert new.sealed_record["certificate"] == new_result.seal.fingerprint


def test_verification_is_logged_apart_from_the_audit_chain(open_ceremony, chair_meta):
    from signing.audit import RequestMeta

    ceremony, data = _seal(open_ceremony, chair_meta)
    events = ceremony.audit_events.count()
    visitor = RequestMeta(ip="203.0.113.77", user_agent="<script>evil</script>")

    pdf_verify(ceremony=ceremony, data=data, meta=visitor)
    with pytest.raises(SigningError):
        pdf_verify(ceremony=ceremony, data=b"not a pdf", meta=visitor)

    assert ceremony.audit_events.count() == events
    logged = list(PublicVerification.objects.order_by("at").values("result", "code", "ip_prefix"))
    assert logged == [
        {"result": "valid", "code": "", "ip_prefix": "203.0.113.0/24"},
        {"result": "refused", "code": "not_pdf", "ip_prefix": "203.0.113.0/24"},
    ]
