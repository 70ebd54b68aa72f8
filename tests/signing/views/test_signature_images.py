"""Signature images are private: short-lived signed URLs for the ceremony's
staff only; the public projector shows "signed ✓" without the image."""

import re
import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from events.models import StaffRole
from signing.services import ceremony_reopen
from signing.signature_urls import MAX_AGE
from tests.signing.conftest import sign_by_kiosk, signature_png


@pytest.fixture
def public_signed(open_ceremony, chair_meta):
    """A public conference whose first signatory has signed."""
    conference = open_ceremony.covenant.conference
    conference.is_public = True
    conference.save(update_fields=["is_public"])
    first = open_ceremony.signatories.order_by("position").first()
    sign_by_kiosk(open_ceremony, first, signature_png(), chair_meta)
    first.refresh_from_db()
    return open_ceremony, first


def _screen(client, ceremony) -> str:
    slug = ceremony.covenant.conference.slug
    return client.get(reverse("signing:screen", args=[slug])).content.decode()


def _image_url(html: str) -> str:
    grid = html[html.index('data-testid="grid"') :]
    return re.search(r'<img src="([^"]+)"', grid).group(1)


def test_sequential_signature_url_serves_nothing(public_signed):
    ceremony, first = public_signed
    slug = ceremony.covenant.conference.slug

    response = Client().get(f"/c/{slug}/signing/signatures/{first.pk}.png")

    assert response.status_code == 404
    assert response.content != bytes(first.signature_png)


def test_public_projector_shows_signed_without_the_image(public_signed):
    ceremony, first = public_signed

    html = _screen(Client(), ceremony)

    grid = html[html.index('data-testid="grid"') : html.index("</ol>")]
    assert "<img" not in grid
    assert "/signatures/" not in html
    cell = grid[grid.index(f'data-cell="{first.pk}"') :]
    assert "✓ Đã ký" in cell[: cell.index("</li>")]


def test_staff_projector_gets_the_image_privately(public_signed, make_member):
    ceremony, first = public_signed
    chair, _user = make_member(ceremony.covenant.conference, StaffRole.CHAIR)

    url = _image_url(_screen(chair, ceremony))
    response = chair.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == bytes(first.signature_png)
    assert response["Cache-Control"] == "private, no-store"
    assert not url.endswith(f"/{first.pk}.png")


def test_leaked_signature_url_dies_after_a_few_minutes(public_signed, make_member):
    ceremony, _first = public_signed
    chair, _user = make_member(ceremony.covenant.conference, StaffRole.CHAIR)
    url = _image_url(_screen(chair, ceremony))
    stranger = Client()
    assert stranger.get(url).status_code == 200

    later = time.time() + MAX_AGE + 1
    with mock.patch("time.time", return_value=later):
        response = stranger.get(url)

    assert response.status_code == 404
    assert MAX_AGE <= 600


def test_signature_url_dies_when_the_signature_is_voided(public_signed, make_member, chair_meta):
    ceremony, _first = public_signed
    chair, _user = make_member(ceremony.covenant.conference, StaffRole.CHAIR)
    url = _image_url(_screen(chair, ceremony))

    ceremony_reopen(ceremony=ceremony, reason="Sửa", meta=chair_meta)

    assert chair.get(url).status_code == 404


def test_forged_signature_token_is_refused(public_signed, make_member):
    ceremony, _first = public_signed
    chair, _user = make_member(ceremony.covenant.conference, StaffRole.CHAIR)
    url = _image_url(_screen(chair, ceremony))
    forged = url[:-5] + ("A" if url[-5] != "A" else "B") + ".png"

    assert chair.get(forged).status_code == 404


def test_signature_url_of_another_conference_path_is_refused(public_signed, make_member):
    from tests.factories import ConferenceFactory

    ceremony, _first = public_signed
    chair, _user = make_member(ceremony.covenant.conference, StaffRole.CHAIR)
    url = _image_url(_screen(chair, ceremony))
    other = ConferenceFactory()
    slug = ceremony.covenant.conference.slug

    response = chair.get(url.replace(f"/c/{slug}/", f"/c/{other.slug}/"))

    assert response.status_code == 404
