"""The short manual code printed under the pass QR."""

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from events.services.registrations import (
    normalize_manual_code,
    registration_create,
    registration_reissue_code,
)
from events.services.registrations.passes import MANUAL_CODE_ALPHABET
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def _create(conference, given="An", **kwargs):
    return registration_create(
        conference=conference,
        family_name="Nguyễn",
        middle_name="Văn",
        given_name=given,
        unit=conference.term.chair,
        role=conference.roles.get(code="specialist"),
        status="approved",
        **kwargs,
    )


def test_every_new_pass_has_an_unambiguous_manual_code():
    conference = ConferenceFactory()
    codes = {_create(conference, given=f"An{i}").manual_code for i in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(MANUAL_CODE_ALPHABET)
        assert not set(code) & set("0O1I")


def test_reissuing_the_pass_replaces_the_manual_code_too():
    registration = _create(ConferenceFactory())
    old = registration.manual_code
    registration_reissue_code(registration=registration)
    registration.refresh_from_db()
    assert registration.manual_code != old and len(registration.manual_code) == 8


def test_manual_code_is_unique_within_a_conference():
    conference = ConferenceFactory()
    first, second = _create(conference, given="An"), _create(conference, given="Bình")
    second.manual_code = first.manual_code
    with pytest.raises(IntegrityError):
        second.save(update_fields=["manual_code"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("K7FM-3QX9", "K7FM3QX9"),
        ("k7fm 3qx9", "K7FM3QX9"),
        (" K7FM3QX9 ", "K7FM3QX9"),
        ("K7FM-3QX", None),  # too short
        ("K7FM-3QX0", None),  # 0 is never drawn
        ("=HYPERLINK(1)", None),
        ("x" * 500, None),
        (None, None),
    ],
)
def test_typed_manual_codes_are_normalised_or_refused(typed, expected):
    assert normalize_manual_code(typed) == expected


def test_the_pass_page_prints_the_manual_code_under_the_qr():
    registration = _create(ConferenceFactory())
    html = Client().get(reverse("events:pass_by_code", args=[registration.code])).content.decode()
    shown = f"{registration.manual_code[:4]}-{registration.manual_code[4:]}"
    assert html.index('class="qr-frame"') < html.index(shown)
