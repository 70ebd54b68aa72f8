import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events.models import StaffRole
from events.services.users import user_get_or_create
from signing.models import AuditKind, CeremonyState
from signing.services import link_issue
from tests.signing.conftest import sign_all, signature_png


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _path(url: str) -> str:
    return url.split("127.0.0.1:8000", 1)[-1]


@pytest.fixture
def chair(make_member, open_ceremony):
    client, _user = make_member(open_ceremony.covenant.conference, StaffRole.CHAIR)
    return client


@pytest.fixture
def phone_setup(open_ceremony, chair_meta):
    signatory = open_ceremony.signatories.order_by("position").first()
    path = _path(link_issue(signatory=signatory, meta=chair_meta))
    client = Client()
    client.force_login(user_get_or_create(email=signatory.email))
    return signatory, path, client


def _form(ceremony, png=None, **extra):
    data = {
        "signature": _data_url(png or signature_png()),
        "text_sha256": ceremony.text_sha256,
        "consent": "on",
    }
    data.update(extra)
    return data


def test_console_shows_signatories_in_order(chair, open_ceremony):
    response = chair.get(reverse("signing:console", args=[open_ceremony.covenant.conference.slug]))
    names = [s.full_name for s in open_ceremony.signatories.order_by("position")]
    html = response.content.decode()
    assert [html.index(name) for name in names] == sorted(html.index(name) for name in names)
    assert "Đã ký 0/3" in html


def test_console_is_closed_to_delegates(make_member, open_ceremony):
    client, _user = make_member(open_ceremony.covenant.conference, StaffRole.CHECKIN)
    response = client.get(reverse("signing:console", args=[open_ceremony.covenant.conference.slug]))
    assert response.status_code == 403


def test_phone_link_lands_on_a_page_naming_the_signatory_and_the_covenant(phone_setup):
    from core.text import email_masked

    signatory, path, _client = phone_setup
    response = Client().get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["masked_email"] == email_masked(signatory.email)
    assert signatory.full_name in page
    assert signatory.unit.name in page
    assert email_masked(signatory.email) in page
    assert signatory.email not in page


def test_phone_link_button_emails_the_code_to_the_signatory_only(phone_setup, mailoutbox):
    signatory, path, _client = phone_setup
    visitor = Client()
    response = visitor.post(path)
    assert (
        response["Location"]
        == f"{reverse('account_confirm_login_code')}?next={path.replace('/', '%2F')}"
    )
    assert [m.to for m in mailoutbox] == [[signatory.email]]
    confirm = visitor.get(response["Location"]).content.decode()
    assert signatory.email not in confirm


def test_a_made_up_signing_link_names_nobody(open_ceremony):
    response = Client().get(reverse("signing:link", args=["x" * 43]))
    page = response.content.decode()
    assert response.status_code == 410
    assert not any(s.full_name in page for s in open_ceremony.signatories.all())


def test_phone_link_opened_by_another_account_is_refused(phone_setup, open_ceremony):
    _signatory, path, _client = phone_setup
    other = Client()
    other.force_login(user_get_or_create(email="khac@hoinghi.example"))
    response = other.get(path)
    assert response.status_code == 403
    assert "Đường dẫn này dành cho Nguyễn Quang Đông" in response.content.decode()
    last = open_ceremony.audit_events.order_by("seq").last()
    assert (last.kind, last.detail) == (AuditKind.REFUSED, "wrong_account")


def test_phone_signing_end_to_end(phone_setup, open_ceremony):
    signatory, path, client = phone_setup

    page = client.get(path)
    assert open_ceremony.text_sha256 in page.content.decode()
    response = client.post(path, _form(open_ceremony))

    assert response.status_code == 302
    done = client.get(response["Location"])
    assert "chữ ký đã được ghi nhận" in done.content.decode()
    signatory.refresh_from_db()
    assert signatory.mode == "phone"
    kinds = list(open_ceremony.audit_events.values_list("kind", flat=True))
    assert kinds[-2:] == [AuditKind.VIEWED, AuditKind.SIGNED]
    again = client.get(path)
    assert again.status_code == 410
    assert "Đường dẫn ký này đã được sử dụng." in again.content.decode()


def test_svg_signature_is_refused_and_logged(phone_setup, open_ceremony):
    signatory, path, client = phone_setup
    svg = "data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode()
    response = client.post(path, {**_form(open_ceremony), "signature": svg})
    assert response.status_code == 400
    assert "Không chấp nhận chữ ký dạng SVG" in response.content.decode()
    signatory.refresh_from_db()
    assert signatory.signed_at is None
    last = open_ceremony.audit_events.order_by("seq").last()
    assert (last.kind, last.detail) == (AuditKind.REFUSED, "svg")


def test_covenant_with_html_is_refused(make_member, ceremony):
    client, _user = make_member(ceremony.covenant.conference, StaffRole.ORGANIZER)
    url = reverse("signing:covenant_edit", args=[ceremony.covenant.conference.slug])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(body="I. NỘI DUNG\n1. <script>alert(1)</script>", signed_on="2026-03-20")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Không được dùng HTML trong giao ước" in response.content.decode()
    ceremony.covenant.refresh_from_db()
    assert "<script>" not in ceremony.covenant.body


def test_seal_without_reason_shows_the_refusal(chair, open_ceremony):
    slug = open_ceremony.covenant.conference.slug
    response = chair.post(reverse("signing:transition", args=[slug, "seal"]), follow=True)
    assert "Còn 3 đơn vị chưa ký" in response.content.decode()
    open_ceremony.refresh_from_db()
    assert open_ceremony.state == CeremonyState.OPEN


def test_verify_page_accepts_the_sealed_pdf_and_rejects_others(chair, open_ceremony, chair_meta):
    slug = open_ceremony.covenant.conference.slug
    sign_all(open_ceremony, chair_meta)
    chair.post(reverse("signing:transition", args=[slug, "seal"]))
    open_ceremony.refresh_from_db()
    url = reverse("signing:verify", args=[open_ceremony.public_id])
    public = Client()
    pdf = b"".join(public.get(reverse("signing:verify_pdf", args=[open_ceremony.public_id])))

    good = public.post(url, {"file": SimpleUploadedFile("a.pdf", pdf, "application/pdf")})
    bad = public.post(url, {"file": SimpleUploadedFile("a.pdf", b"hello", "application/pdf")})

    assert "Trùng khớp từng byte với bản gốc đã niêm phong." in good.content.decode()
    assert "Đây là giao ước đã niêm phong của lễ ký này" in good.content.decode()
    assert bad.status_code == 400
    assert "Tệp tải lên không phải là PDF." in bad.content.decode()


def test_verify_page_is_404_for_unknown_ids(db):
    response = Client().get(reverse("signing:verify", args=["nope"]))
    assert response.status_code == 404


def test_audit_log_in_english_shows_stored_details_in_english(open_ceremony, chair, chair_meta):
    from django.conf import settings

    signatory = open_ceremony.signatories.order_by("position").first()
    link_issue(signatory=signatory, meta=chair_meta, send=True)
    link_issue(signatory=signatory, meta=chair_meta)
    url = reverse("signing:audit", args=[open_ceremony.covenant.conference.slug])
    vietnamese = chair.get(url).content.decode()
    chair.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = chair.get(url).content.decode()
    assert ("đã gửi email" in vietnamese, "hiển thị mã QR" in vietnamese) == (True, True)
    assert ("emailed" in english, "shown as QR" in english) == (True, True)
    assert "đã gửi email" not in english
    assert '{"code"' not in english
