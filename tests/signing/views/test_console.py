"""The chair's and organizer's console: sealing with signatures missing,
confirmations before irreversible steps, voided signatures shown as such."""

import re

import pytest
from django.urls import reverse

from events.models import StaffRole
from signing.models import CeremonyState, VoidedSignature
from signing.services import ceremony_reopen
from tests.signing.conftest import sign_all, sign_by_kiosk, signature_png


def _console(client, ceremony):
    response = client.get(reverse("signing:console", args=[ceremony.covenant.conference.slug]))
    return response.content.decode()


def _form(html: str, action: str) -> str:
    """The <form ...> opening tag posting to ``action``."""
    match = re.search(r'<form[^>]*action="' + re.escape(action) + r'"[^>]*>', html)
    assert match, action
    return match.group(0)


@pytest.fixture
def chair(make_member, open_ceremony):
    client, _user = make_member(open_ceremony.covenant.conference, StaffRole.CHAIR)
    return client


@pytest.fixture
def organizer(make_member, open_ceremony):
    client, _user = make_member(open_ceremony.covenant.conference, StaffRole.ORGANIZER)
    return client


@pytest.fixture
def one_signed(open_ceremony, chair_meta):
    first = open_ceremony.signatories.order_by("position").first()
    sign_by_kiosk(open_ceremony, first, signature_png(), chair_meta)
    return open_ceremony


def test_console_lists_who_is_missing_and_asks_the_chair_for_a_reason(chair, one_signed):
    html = _console(chair, one_signed)

    missing = html[html.index('data-testid="missing"') :]
    missing = missing[: missing.index("</ul>")]
    for signatory in one_signed.signatories.order_by("position")[1:]:
        assert signatory.unit.name in missing
    assert one_signed.signatories.order_by("position")[0].unit.name not in missing
    seal = html[html.index('data-testid="seal"') :]
    assert re.search(r'<textarea name="reason"[^>]*required', seal)
    assert "(không bắt buộc)" not in seal


def test_chair_seals_with_missing_signatures_and_a_reason(chair, one_signed):
    slug = one_signed.covenant.conference.slug

    response = chair.post(
        reverse("signing:transition", args=[slug, "seal"]),
        {"reason": "Hai đơn vị vắng mặt"},
        follow=True,
    )

    one_signed.refresh_from_db()
    assert one_signed.state == CeremonyState.SEALED
    assert one_signed.missing_reason == "Hai đơn vị vắng mặt"
    assert "Hai đơn vị vắng mặt" in response.content.decode()


def test_open_seal_and_reopen_forms_ask_for_confirmation(make_member, ceremony, chair_meta):
    client, _user = make_member(ceremony.covenant.conference, StaffRole.ORGANIZER)
    slug = ceremony.covenant.conference.slug
    action = reverse("signing:transition", args=[slug, "open"])

    opening = _form(_console(client, ceremony), action)
    client.post(action)
    ceremony.refresh_from_db()
    sign_by_kiosk(
        ceremony, ceremony.signatories.order_by("position").first(), signature_png(), chair_meta
    )
    html = _console(client, ceremony)
    sealing = _form(html, reverse("signing:transition", args=[slug, "seal"]))
    reopening = _form(html, reverse("signing:transition", args=[slug, "reopen"]))

    assert "Văn bản được cố định" in opening and "data-confirm=" in opening
    assert "Không thể hoàn tác" in sealing and "data-confirm=" in sealing
    assert "Không thể hoàn tác" in reopening and "bị hủy" in reopening


def test_all_signed_seal_form_asks_for_confirmation_without_a_reason(
    chair, open_ceremony, chair_meta
):
    sign_all(open_ceremony, chair_meta)
    slug = open_ceremony.covenant.conference.slug

    html = _console(chair, open_ceremony)

    sealing = _form(html, reverse("signing:transition", args=[slug, "seal"]))
    assert "Không thể hoàn tác" in sealing
    seal = html[html.index('data-testid="seal"') :]
    assert 'name="reason"' not in seal[: seal.index("</section>")]


def test_reopen_by_the_chair_is_refused(chair, one_signed):
    slug = one_signed.covenant.conference.slug

    response = chair.post(
        reverse("signing:transition", args=[slug, "reopen"]), {"reason": "Sửa"}, follow=True
    )

    one_signed.refresh_from_db()
    assert one_signed.state == CeremonyState.OPEN
    assert one_signed.signatories.filter(signed_at__isnull=False).count() == 1
    assert "Chỉ ban tổ chức mới được mở lại" in response.content.decode()
    html = _console(chair, one_signed)
    assert reverse("signing:transition", args=[slug, "reopen"]) not in html


def test_organizer_reopens_and_the_voided_signature_is_listed(organizer, one_signed):
    slug = one_signed.covenant.conference.slug
    first = one_signed.signatories.order_by("position").first()

    organizer.post(reverse("signing:transition", args=[slug, "reopen"]), {"reason": "Sửa điều 2"})

    one_signed.refresh_from_db()
    assert one_signed.state == CeremonyState.DRAFT
    assert VoidedSignature.objects.get().signatory == first
    for url in ("signing:console", "signing:audit"):
        html = organizer.get(reverse(url, args=[slug])).content.decode()
        voided = html[html.index('data-testid="voided"') :]
        assert first.full_name in voided and "Đã hủy" in voided and "Sửa điều 2" in voided


def test_voided_signature_is_never_printed(open_ceremony, chair_meta):
    import io

    import pypdf

    from signing.services import ceremony_open, ceremony_seal

    first = open_ceremony.signatories.order_by("position").first()
    sign_by_kiosk(open_ceremony, first, signature_png(strokes=6), chair_meta)
    ceremony_reopen(ceremony=open_ceremony, reason="Sửa", meta=chair_meta)
    voided_sha = VoidedSignature.objects.get().signature_sha256
    reopened = ceremony_open(ceremony=open_ceremony, meta=chair_meta)
    sign_all(reopened, chair_meta, signature_png(strokes=2))

    sealed = ceremony_seal(ceremony=reopened, meta=chair_meta)

    with sealed.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    images = {image.name for page in reader.pages for image in page.images}
    assert voided_sha not in text
    assert first.__class__.objects.get(pk=first.pk).signature_sha256 in text
    assert len(images) == 3 + 1  # the three signatures of the new text and the QR code
