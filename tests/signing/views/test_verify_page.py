"""The public verify page: from the record frozen at sealing, with the
reason for missing signatures, and without writing to the audit chain."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from signing.models import Covenant, PublicVerification, Signatory
from signing.services import ceremony_seal
from tests.factories import ConferenceFactory
from tests.signing.conftest import make_ceremony, sign_all, sign_by_kiosk, signature_png


def _page(ceremony, **post):
    url = reverse("signing:verify", args=[ceremony.public_id])
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 <b>forged</b>", REMOTE_ADDR="198.51.100.9")
    if post:
        return client.post(url, post)
    return client.get(url)


def test_verify_page_shows_what_was_sealed_not_later_edits(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    sealed = ceremony_seal(ceremony=open_ceremony, meta=chair_meta)
    names = list(sealed.signatories.order_by("position").values_list("full_name", flat=True))

    Signatory.objects.filter(ceremony=sealed).update(full_name="Người Sửa Sau")
    Covenant.objects.filter(pk=sealed.covenant_id).update(title="TIÊU ĐỀ SỬA SAU")
    html = _page(sealed).content.decode()

    assert "Người Sửa Sau" not in html and "TIÊU ĐỀ SỬA SAU" not in html
    assert [html.index(name) for name in names] == sorted(html.index(name) for name in names)
    assert sealed.sealed_record["title"] in html


def test_verify_page_shows_the_reason_for_missing_signatures(open_ceremony, chair_meta):
    sign_by_kiosk(open_ceremony, open_ceremony.signatories.first(), signature_png(), chair_meta)
    sealed = ceremony_seal(
        ceremony=open_ceremony, meta=chair_meta, missing_reason="Hai đơn vị vắng mặt có lý do"
    )

    html = _page(sealed).content.decode()

    reason = html[html.index('data-testid="missing-reason"') :]
    assert "Hai đơn vị vắng mặt có lý do" in reason[: reason.index("</p>")]
    assert "Đã ký 1/3." in html


def test_anonymous_checks_do_not_touch_the_audit_chain(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    sealed = ceremony_seal(ceremony=open_ceremony, meta=chair_meta)
    with sealed.pdf.open("rb") as handle:
        data = handle.read()
    before = list(sealed.audit_events.values_list("hash", flat=True))

    good = _page(sealed, file=SimpleUploadedFile("a.pdf", data, "application/pdf"))
    bad = _page(sealed, file=SimpleUploadedFile("a.pdf", b"hello", "application/pdf"))

    assert "Đây là giao ước đã niêm phong của lễ ký này" in good.content.decode()
    assert bad.status_code == 400
    assert list(sealed.audit_events.values_list("hash", flat=True)) == before
    assert not sealed.audit_events.filter(user_agent__contains="forged").exists()
    logged = PublicVerification.objects.order_by("pk").values_list("result", "ip_prefix")
    assert list(logged) == [("valid", "198.51.100.0/24"), ("refused", "198.51.100.0/24")]


def test_verify_page_names_a_pdf_of_another_covenant(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    first = ceremony_seal(ceremony=open_ceremony, meta=chair_meta)
    other = make_ceremony(ConferenceFactory())
    from signing.services import ceremony_open

    other = ceremony_open(ceremony=other)
    sign_all(other, chair_meta)
    other = ceremony_seal(ceremony=other, meta=chair_meta)
    with first.pdf.open("rb") as handle:
        data = handle.read()

    html = _page(other, file=SimpleUploadedFile("a.pdf", data, "application/pdf")).content.decode()

    assert "là văn bản của một giao ước khác" in html
    assert "Đây là giao ước đã niêm phong của lễ ký này" not in html
