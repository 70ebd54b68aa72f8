"""The kiosk tablet's pages (device token only) and the console's kiosk controls."""

import base64
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import StaffRole
from signing.models import AuditKind, KioskDevice
from signing.services import kiosk_device_create, kiosk_device_revoke
from signing.views.kiosk import COOKIE
from tests.signing.conftest import signature_png


def _form(ceremony, **extra):
    data = {
        "signature": "data:image/png;base64," + base64.b64encode(signature_png()).decode(),
        "text_sha256": ceremony.text_sha256,
        "consent": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def slug(open_ceremony):
    return open_ceremony.covenant.conference.slug


@pytest.fixture
def chair(make_member, open_ceremony):
    client, _user = make_member(open_ceremony.covenant.conference, StaffRole.CHAIR)
    return client


@pytest.fixture
def names(open_ceremony):
    return [s.full_name for s in open_ceremony.signatories.order_by("position")]


def _pair(chair, slug, name="Máy ký sân khấu"):
    """The chair creates a tablet on the console; a fresh browser pairs it."""
    detail = chair.post(reverse("signing:kiosk_device_create", args=[slug]), {"name": name})
    page = chair.get(detail["Location"])
    url = re.search(r'data-testid="kiosk-pairing-url">([^<]+)<', page.content.decode())[1]
    tablet = Client()
    tablet.get(url.split("testserver", 1)[-1])
    response = tablet.post(url.split("testserver", 1)[-1])
    return tablet, response, KioskDevice.objects.get(name=name)


@pytest.fixture
def paired(chair, slug):
    tablet, _response, device = _pair(chair, slug)
    return tablet, device


def _unlock(chair, slug, signatory, device):
    return chair.post(
        reverse("signing:kiosk_unlock", args=[slug, signatory.pk]), {"device": device.pk}
    )


def test_kiosk_page_for_an_unpaired_browser_shows_the_pairing_prompt(open_ceremony, names):
    response = Client().get(reverse("signing:kiosk"))

    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="kiosk-unpaired"' in html
    assert open_ceremony.covenant.conference.title not in html
    assert not any(name in html for name in names)


def test_kiosk_page_for_a_logged_in_chair_without_a_token_has_no_unlock_controls(
    chair, open_ceremony, names
):
    response = chair.get(reverse("signing:kiosk"))

    html = response.content.decode()
    assert 'data-testid="kiosk-unpaired"' in html
    assert "<form" not in html and "/signatories/" not in html
    assert 'class="site-header"' not in html and reverse("account_logout") not in html
    assert not any(name in html for name in names)


def test_kiosk_pairing_sets_a_strict_httponly_cookie_and_logs_the_tablet_out(
    chair, slug, make_member, open_ceremony
):
    detail = chair.post(reverse("signing:kiosk_device_create", args=[slug]), {"name": "Máy 1"})
    page = chair.get(detail["Location"]).content.decode()
    url = re.search(r'data-testid="kiosk-pairing-url">[^<]*(/kiosk/pair/[^<]+)<', page)[1]
    tablet, _user = make_member(open_ceremony.covenant.conference, StaffRole.CHECKIN)

    response = tablet.post(url)

    cookie = response.cookies[COOKIE]
    assert response["Location"] == reverse("signing:kiosk")
    assert (cookie["path"], cookie["httponly"], cookie["samesite"]) == ("/kiosk/", True, "Strict")
    device = KioskDevice.objects.get(name="Máy 1")
    assert device.token_hash and cookie.value not in device.token_hash
    assert "_auth_user_id" not in tablet.session
    assert tablet.post(url).status_code == 400  # the code works once


def test_kiosk_locked_page_shows_no_signatory_and_no_unlock_control(paired, names, slug):
    tablet, device = paired

    response = tablet.get(reverse("signing:kiosk"))

    html = response.content.decode()
    assert 'data-testid="kiosk-locked"' in html
    assert device.name in html
    assert not any(name in html for name in names)
    assert "<form" not in html
    assert 'class="site-header"' not in html


def test_kiosk_unlocked_from_the_console_shows_only_that_signatory(
    chair, paired, open_ceremony, names, slug
):
    tablet, device = paired
    first, second = open_ceremony.signatories.order_by("position")[:2]
    state = tablet.get(reverse("signing:kiosk_state")).json()
    assert (state["paired"], state["unlock"]) == (True, None)

    _unlock(chair, slug, second, device)

    state = tablet.get(reverse("signing:kiosk_state")).json()
    page = tablet.get(reverse("signing:kiosk"))
    html = page.content.decode()
    assert state["unlock"] == device.sessions.get().pk
    assert page.context["signatory"] == second
    assert second.full_name in html
    assert not any(name in html for name in names if name != second.full_name)
    assert reverse("signing:kiosk_unlock", args=[slug, first.pk]) not in html


def test_kiosk_signs_then_locks_and_the_audit_names_tablet_and_chair(
    chair, paired, open_ceremony, slug
):
    tablet, device = paired
    first = open_ceremony.signatories.order_by("position").first()
    _unlock(chair, slug, first, device)
    nonce = tablet.get(reverse("signing:kiosk")).context["session"].nonce

    response = tablet.post(
        reverse("signing:kiosk"), _form(open_ceremony, kiosk=nonce, signatory=first.pk)
    )

    locked = tablet.get(response["Location"]).content.decode()
    assert 'data-testid="kiosk-locked"' in locked
    assert f"Cảm ơn đồng chí {first.full_name}" in locked
    first.refresh_from_db()
    assert (first.mode, first.signed_by) == ("kiosk", None)
    unlocked, signed = open_ceremony.audit_events.filter(
        kind__in=[AuditKind.KIOSK_UNLOCKED, AuditKind.SIGNED]
    ).order_by("seq")
    chair_user = unlocked.user
    assert chair_user is not None and chair_user.email.endswith("example")
    assert unlocked.detail_display.startswith(f"kiosk #{device.pk} «Máy ký sân khấu»")
    assert (signed.user, signed.signatory) == (None, first)
    with translation.override("en"):
        expected = f"kiosk #{device.pk} «Máy ký sân khấu»; unlocked by {chair_user.email}"
        assert signed.detail_display == f"{expected} (#{unlocked.seq})"


def test_kiosk_post_for_someone_else_is_refused_and_nothing_saved(
    chair, paired, open_ceremony, slug
):
    tablet, device = paired
    first, second = open_ceremony.signatories.order_by("position")[:2]
    _unlock(chair, slug, first, device)
    nonce = tablet.get(reverse("signing:kiosk")).context["session"].nonce

    response = tablet.post(
        reverse("signing:kiosk"), _form(open_ceremony, kiosk=nonce, signatory=second.pk)
    )

    assert response.status_code == 400
    assert "Máy ký đang được mở cho người khác." in response.content.decode()
    second.refresh_from_db()
    assert second.signed_at is None
    last = open_ceremony.audit_events.order_by("seq").last()
    assert (last.kind, last.detail, last.user) == (AuditKind.REFUSED, "kiosk_other", None)


def test_kiosk_post_without_an_unlock_is_refused_and_nothing_saved(paired, open_ceremony):
    tablet, _device = paired
    first = open_ceremony.signatories.order_by("position").first()

    response = tablet.post(reverse("signing:kiosk"), _form(open_ceremony, signatory=first.pk))

    first.refresh_from_db()
    assert first.signed_at is None
    last = open_ceremony.audit_events.order_by("seq").last()
    assert (last.kind, last.detail) == (AuditKind.REFUSED, "kiosk_locked")
    assert tablet.get(response["Location"]).context["session"] is None


def test_kiosk_post_with_a_revoked_token_is_refused_and_nothing_saved(
    chair, paired, open_ceremony, slug
):
    tablet, device = paired
    first = open_ceremony.signatories.order_by("position").first()
    _unlock(chair, slug, first, device)
    nonce = tablet.get(reverse("signing:kiosk")).context["session"].nonce
    kiosk_device_revoke(device=device)

    response = tablet.post(
        reverse("signing:kiosk"), _form(open_ceremony, kiosk=nonce, signatory=first.pk)
    )

    assert response.status_code == 403
    assert 'data-testid="kiosk-unpaired"' in response.content.decode()
    assert tablet.get(reverse("signing:kiosk_state")).status_code == 403
    first.refresh_from_db()
    assert first.signed_at is None
    last = open_ceremony.audit_events.order_by("seq").last()
    assert (last.kind, last.detail) == (AuditKind.REFUSED, "kiosk_revoked")


def test_kiosk_chair_session_cannot_sign_without_a_tablet(chair, paired, open_ceremony, slug):
    _tablet, device = paired
    first = open_ceremony.signatories.order_by("position").first()
    _unlock(chair, slug, first, device)
    nonce = device.sessions.get().nonce

    response = chair.post(
        reverse("signing:kiosk"), _form(open_ceremony, kiosk=nonce, signatory=first.pk)
    )

    assert response.status_code == 403
    first.refresh_from_db()
    assert first.signed_at is None


def test_console_lists_tablets_with_last_seen_and_a_confirmed_revoke(chair, paired, slug):
    _tablet, device = paired

    html = chair.get(reverse("signing:console", args=[slug])).content.decode()

    row = html[html.index(f'data-kiosk-device="{device.pk}"') :].split("</tr>", 1)[0]
    assert device.name in row
    assert device.last_seen_at is not None
    revoke = reverse("signing:kiosk_device_revoke", args=[slug, device.pk])
    assert re.search(rf'action="{revoke}"\s+data-confirm="[^"]+"', row)


def test_console_revoke_stops_the_tablet(chair, paired, slug):
    tablet, device = paired

    chair.post(reverse("signing:kiosk_device_revoke", args=[slug, device.pk]))

    device.refresh_from_db()
    assert device.revoked_at is not None
    assert tablet.get(reverse("signing:kiosk")).context["revoked"] is True


def test_kiosk_controls_are_closed_to_checkin_staff(make_member, open_ceremony, slug):
    client, _user = make_member(open_ceremony.covenant.conference, StaffRole.CHECKIN)
    device = kiosk_device_create(ceremony=open_ceremony, name="Máy 1")

    create = client.post(reverse("signing:kiosk_device_create", args=[slug]), {"name": "X"})
    detail = client.get(reverse("signing:kiosk_device", args=[slug, device.pk]))

    assert (create.status_code, detail.status_code) == (403, 403)
    assert device.pairing_secret not in detail.content.decode()
    assert KioskDevice.objects.count() == 1


def test_kiosk_old_chair_session_url_offers_no_unlock_for_anyone(chair, open_ceremony, names, slug):
    response = chair.get(f"/c/{slug}/signing/kiosk/")

    html = response.content.decode()
    assert "/signatories/" not in html
    assert not any(name in html for name in names)


def test_kiosk_goes_back_to_locked_when_the_unlock_expires(
    settings, chair, paired, open_ceremony, slug
):
    settings.SIGNING_KIOSK_UNLOCK_MINUTES = 0
    tablet, device = paired
    first = open_ceremony.signatories.order_by("position").first()

    _unlock(chair, slug, first, device)

    assert device.sessions.count() == 1
    assert tablet.get(reverse("signing:kiosk_state")).json()["unlock"] is None
    page = tablet.get(reverse("signing:kiosk")).content.decode()
    assert 'data-testid="kiosk-locked"' in page
    assert first.full_name not in page
