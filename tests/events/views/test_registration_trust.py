"""Decline, withdraw and revoke ask first; declining needs a reason that the
liaison sees; a liaison cannot redirect a signer's email; declined and
cancelled delegates lose access (issue #10, items 5 and 12)."""

import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from events.models import RegistrationStatus, StaffRole
from events.services.checkin_setup import device_issue_token
from events.services.registrations import registration_decline, registration_set_status
from signing.services import ceremony_setup
from tests.factories import AgendaItemFactory, MembershipFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form_with_action(html: str, action: str) -> str:
    """The opening tag of the form whose hidden ``action`` field is ``action``,
    or whose action URL ends with ``action``."""
    for match in re.finditer(r"<form\b[^>]*>(.*?)</form>", html, re.S):
        tag = match.group(0)[: match.group(0).index(">") + 1]
        if f'name="action" value="{action}"' in match.group(1) or f'{action}"' in tag:
            return unescape(tag)
    raise AssertionError(f"no form for {action}")


def _confirm(tag: str) -> str:
    found = re.search(r'data-confirm="([^"]*)"', tag)
    return found.group(1) if found else ""


@pytest.fixture
def delegate(conference):
    return RegistrationFactory(
        conference=conference, full_name="Trần Văn An", email="an.tran@example.vn"
    )


# --- Decline ---------------------------------------------------------------------------


def test_decline_form_asks_for_confirmation_and_a_reason(conference, make_member, delegate):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("events:registration_edit", args=[conference.slug, delegate.pk]))
    html = html.content.decode()
    tag = _form_with_action(html, "decline")
    assert _confirm(tag) == "Decline Trần Văn An? The unit's liaison is emailed the reason."
    assert re.search(r'<textarea[^>]*name="reason"[^>]*required', html)


def test_decline_without_a_reason_changes_nothing(conference, make_member, delegate):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    client.cookies["django_language"] = "en"
    url = reverse("events:registration_status", args=[conference.slug, delegate.pk])
    response = client.post(url, {"action": "decline", "reason": "  "}, follow=True)
    delegate.refresh_from_db()
    assert delegate.status == RegistrationStatus.APPROVED
    assert [str(m) for m in response.context["messages"]] == [
        "Trần Văn An: Say why the registration is declined."
    ]


def test_decline_reason_reaches_the_liaison_page_and_inbox(
    conference, make_member, delegate, django_capture_on_commit_callbacks
):
    organizer, _user = make_member(conference, StaffRole.ORGANIZER)
    liaison, liaison_user = make_member(conference, StaffRole.LIAISON, unit=delegate.unit)
    url = reverse("events:registration_status", args=[conference.slug, delegate.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organizer.post(url, {"action": "decline", "reason": "Không đúng <b>thành phần</b>"})
    page = liaison.get(reverse("events:liaison_unit", args=[conference.slug, delegate.unit.pk]))
    html = page.content.decode()
    assert "Không đúng &lt;b&gt;thành phần&lt;/b&gt;" in html  # shown, and escaped
    assert [m.to for m in mail.outbox] == [[liaison_user.email]]
    assert "Không đúng <b>thành phần</b>" in mail.outbox[0].body


def test_registration_list_decline_leads_to_the_form_with_a_reason(
    conference, make_member, delegate
):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    pending = RegistrationFactory(conference=conference, full_name="Lê Thị Bình", status="pending")
    html = client.get(reverse("events:registration_list", args=[conference.slug])).content.decode()
    edit = reverse("events:registration_edit", args=[conference.slug, pending.pk])
    assert f'href="{edit}#decline"' in html
    assert 'name="action" value="decline"' not in html


# --- Withdraw, reissue, revoke ------------------------------------------------------


def test_withdraw_form_asks_for_confirmation(conference, make_member, delegate):
    client, _user = make_member(conference, StaffRole.LIAISON, unit=delegate.unit)
    client.cookies["django_language"] = "en"
    url = reverse("events:liaison_edit", args=[conference.slug, delegate.unit.pk, delegate.pk])
    tag = _form_with_action(client.get(url).content.decode(), "withdraw")
    assert _confirm(tag) == "Withdraw Trần Văn An? Their pass stops working."


def test_reissue_form_asks_for_confirmation(conference, make_member, delegate):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("events:registration_edit", args=[conference.slug, delegate.pk]))
    tag = _form_with_action(html.content.decode(), "/reissue/")
    assert _confirm(tag) == "Reissue the pass code? The current QR code stops working at once."


def test_device_revoke_form_asks_for_confirmation(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    client.cookies["django_language"] = "en"
    device, _token = device_issue_token(conference=conference, name="Cổng 1")
    html = client.get(reverse("events:device_detail", args=[conference.slug, device.pk]))
    tag = _form_with_action(html.content.decode(), "/revoke/")
    assert _confirm(tag) == (
        "Revoke Cổng 1? The phone stops scanning at once and cannot be paired again."
    )


# --- A signer's email (item 12) -----------------------------------------------------


@pytest.fixture
def signer(conference):
    registration = RegistrationFactory(
        conference=conference,
        full_name="Lê Văn Hội",
        role_code="director",
        title="Giám đốc",
        email="hoi.le@example.vn",
    )
    ceremony_setup(conference=conference)
    return registration


def _edit_data(registration, **changes):
    data = {
        "full_name": registration.full_name,
        "title": registration.title,
        "role": registration.role_id,
        "email": registration.email,
        "phone": registration.phone,
        "gender": registration.gender,
        "notes": registration.notes,
    }
    data.update(changes)
    return data


def test_liaison_cannot_change_the_email_of_a_signer(conference, make_member, signer):
    client, _user = make_member(conference, StaffRole.LIAISON, unit=signer.unit)
    client.cookies["django_language"] = "en"
    url = reverse("events:liaison_edit", args=[conference.slug, signer.unit.pk, signer.pk])
    response = client.post(url, _edit_data(signer, email="liaison.own@example.vn"))
    signer.refresh_from_db()
    assert signer.email == "hoi.le@example.vn"
    assert response.context["form"].errors["email"] == [
        "This delegate signs the covenant for the unit and the signing link goes to this "
        "address; only the organizers can change it."
    ]


def test_liaison_may_still_correct_a_signers_title(conference, make_member, signer):
    client, _user = make_member(conference, StaffRole.LIAISON, unit=signer.unit)
    url = reverse("events:liaison_edit", args=[conference.slug, signer.unit.pk, signer.pk])
    client.post(url, _edit_data(signer, title="Giám đốc Sở"))
    signer.refresh_from_db()
    assert (signer.title, signer.status) == ("Giám đốc Sở", RegistrationStatus.APPROVED)


def test_liaison_may_change_the_email_of_a_delegate_who_does_not_sign(
    conference, make_member, delegate
):
    client, _user = make_member(conference, StaffRole.LIAISON, unit=delegate.unit)
    url = reverse("events:liaison_edit", args=[conference.slug, delegate.unit.pk, delegate.pk])
    client.post(url, _edit_data(delegate, email="an.moi@example.vn"))
    delegate.refresh_from_db()
    assert (delegate.email, delegate.status) == ("an.moi@example.vn", RegistrationStatus.PENDING)


def test_organizer_changes_a_signers_email_and_the_signatory_follows(
    conference, make_member, signer
):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    url = reverse("events:registration_edit", args=[conference.slug, signer.pk])
    client.post(url, _edit_data(signer, email="hoi.moi@example.vn", unit=signer.unit_id))
    signer.refresh_from_db()
    signatory = conference.covenant.ceremony.signatories.get(registration=signer)
    assert (signer.email, signatory.email) == ("hoi.moi@example.vn", "hoi.moi@example.vn")


# --- Access of declined and cancelled delegates ------------------------------------------


@pytest.fixture
def logged_in_delegate(conference, delegate):
    AgendaItemFactory(conference=conference, title="Khai mạc")
    user = UserFactory(email=delegate.email)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("status", ["declined", "cancelled"])
def test_declined_or_cancelled_delegate_loses_the_unlisted_conference(
    conference, delegate, logged_in_delegate, status
):
    agenda = reverse("events:agenda", args=[conference.slug])
    assert "Khai mạc" in logged_in_delegate.get(agenda).content.decode()
    if status == "declined":
        registration_decline(registration=delegate, reason="Trùng người", notify=False)
    else:
        registration_set_status(registration=delegate, status=status)
    assert logged_in_delegate.get(agenda).status_code == 404
    assert logged_in_delegate.get(conference.get_absolute_url()).status_code == 404
    page = logged_in_delegate.get(reverse("events:my_pass", args=[conference.slug]))
    assert page.status_code == 403
    assert '<svg class="qr"' not in page.content.decode()


def test_pending_delegate_still_sees_the_unlisted_conference(
    conference, delegate, logged_in_delegate
):
    registration_set_status(registration=delegate, status=RegistrationStatus.PENDING)
    agenda = reverse("events:agenda", args=[conference.slug])
    assert "Khai mạc" in logged_in_delegate.get(agenda).content.decode()


def test_declined_delegate_still_sees_a_public_conference(conference, delegate):
    conference.is_public = True
    conference.save()
    AgendaItemFactory(conference=conference, title="Khai mạc")
    registration_decline(registration=delegate, reason="Trùng người", notify=False)
    client = Client()
    client.force_login(UserFactory(email=delegate.email))
    page = client.get(reverse("events:agenda", args=[conference.slug]))
    assert "Khai mạc" in page.content.decode()


def test_liaison_of_another_conference_gets_no_decline_email(conference, delegate):
    MembershipFactory(role=StaffRole.LIAISON, unit=delegate.unit)  # another conference
    mail.outbox.clear()
    from events.services.registrations import registration_send_declined

    registration_decline(registration=delegate, reason="Trùng người", notify=False)
    delegate.refresh_from_db()
    assert registration_send_declined(registration=delegate) == 0
    assert mail.outbox == []


def test_declined_delegate_no_longer_finds_the_conference_on_the_dashboard(
    conference, delegate, logged_in_delegate
):
    from events import selectors

    user = logged_in_delegate.get("/").wsgi_request.user
    assert list(selectors.conference_list_for_user(user=user)) == [conference]
    registration_decline(registration=delegate, reason="Trùng người", notify=False)
    assert list(selectors.conference_list_for_user(user=user)) == []
