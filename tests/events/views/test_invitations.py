"""The organizer's invitations page and its downloads."""

import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from events.models import ActivityLog, InvitationSetup, Mailing, StaffRole
from tests.events.invitation_world import SETTINGS, invitation_conference, pdf_text
from tests.factories import ConferenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _organizer(conference) -> Client:
    client = Client()
    client.force_login(MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user)
    return client


def _url(name, conference, **kwargs):
    return reverse(f"events:{name}", kwargs={"slug": conference.slug, **kwargs})


def test_page_lists_every_invitee_with_its_liaison_and_flags_units_without_email():
    conference = invitation_conference()
    term = conference.term

    page = _organizer(conference).get(_url("invitation_list", conference)).content.decode()

    for unit in term.members.all():
        assert unit.name in page
    assert "lienlac.chair@hoinghi.example" in page
    assert "Ban Thi đua - Khen thưởng Trung ương" in page
    assert "2 đơn vị chưa có người liên lạc có email" in page
    assert page.count("Chưa có người liên lạc: chưa gửi được giấy mời qua email.") == 2
    assert _url("invitation_file", conference, key=f"u{term.deputy.pk}", ext="pdf") in page
    assert _url("invitation_file", conference, key="g1", ext="docx") in page
    assert _url("invitations_docx_zip", conference) in page


def test_saving_the_settings_stores_and_logs_them():
    conference = ConferenceFactory()
    data = {**SETTINGS, "issued_on": "2026-03-05"}

    response = _organizer(conference).post(_url("invitation_list", conference), data)

    assert response.status_code == 302
    setup = InvitationSetup.objects.get(conference=conference)
    assert (setup.reference, setup.signer_name, setup.guest_names) == (
        "12/GM-SNV",
        "Hoàng Văn Nam",
        ["Ban Thi đua - Khen thưởng Trung ương"],
    )
    entry = ActivityLog.objects.get(conference=conference, action="invitations.updated")
    assert entry.object_label == "12/GM-SNV"


def test_incomplete_settings_hide_the_downloads_and_say_what_is_missing():
    conference = ConferenceFactory()

    page = _organizer(conference).get(_url("invitation_list", conference)).content.decode()

    assert "Trước khi in hoặc gửi giấy mời, hãy điền: số, ký hiệu, ngày ban hành" in page
    assert _url("invitations_pdf", conference) not in page


def test_download_while_incomplete_is_refused_with_the_reason_and_no_file():
    conference = invitation_conference(signer_name="")
    client = _organizer(conference)

    response = client.get(_url("invitations_pdf", conference), follow=True)

    assert response.redirect_chain == [(_url("invitation_list", conference), 302)]
    assert response["Content-Type"].startswith("text/html")
    assert "Giấy mời chưa sẵn sàng: hãy điền họ tên người ký trước." in response.content.decode()


def test_preview_pdf_opens_inline_with_the_units_letter():
    conference = invitation_conference()
    unit = conference.term.deputy

    response = _organizer(conference).get(
        _url("invitation_file", conference, key=f"u{unit.pk}", ext="pdf")
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="giay-moi-12-GM-SNV-u{unit.pk}.pdf"'
    )
    assert f"Kính gửi: {unit.name}" in pdf_text(response.content)


def test_zip_of_docx_downloads_one_letter_per_invitee():
    conference = invitation_conference()

    response = _organizer(conference).get(_url("invitations_docx_zip", conference))

    assert response["Content-Type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 4


@pytest.mark.parametrize("key", ["g2", "u999999"])
def test_unknown_invitee_is_not_found(key):
    conference = invitation_conference()
    response = _organizer(conference).get(_url("invitation_file", conference, key=key, ext="pdf"))
    assert response.status_code == 404


def test_a_unit_of_another_conference_is_not_found():
    conference = invitation_conference()
    other = ConferenceFactory()
    key = f"u{other.term.chair.pk}"
    response = _organizer(conference).get(_url("invitation_file", conference, key=key, ext="docx"))
    assert response.status_code == 404


def test_attendance_page_offers_the_report_to_organizers_only():
    conference = ConferenceFactory()
    liaison = Client()
    liaison.force_login(
        MembershipFactory(
            conference=conference, role=StaffRole.LIAISON, unit=conference.term.chair
        ).user
    )
    report = _url("attendance_report", conference, ext="xlsx")

    organizer_page = _organizer(conference).get(_url("attendance", conference)).content.decode()
    liaison_page = liaison.get(_url("attendance", conference)).content.decode()

    assert report in organizer_page
    assert report not in liaison_page
    assert liaison.get(report).status_code == 403


def test_settings_form_requires_what_a_letter_cannot_lack_and_keeps_the_input():
    conference = ConferenceFactory()
    data = {**SETTINGS, "issued_on": "2026-03-05", "signer_name": ""}

    response = _organizer(conference).post(_url("invitation_list", conference), data)

    assert response.status_code == 400
    assert not InvitationSetup.objects.filter(conference=conference).exists()
    form = response.context["form"]
    assert list(form.errors) == ["signer_name"]
    assert 'value="Phó Giám đốc"' in response.content.decode()


def test_the_page_emails_the_letters_to_the_liaisons_with_one_confirmed_button():
    """From the letters to their sending without hunting for another page:
    the button asks first, then starts the invitation mailing and shows
    its progress."""
    conference = invitation_conference()
    client = _organizer(conference)

    page = client.get(_url("invitation_list", conference)).content.decode()
    start = page.index('class="invitation-send"') - 200
    form = page[start : page.index('data-testid="send-invitations"')]
    key = re.search(r'name="key" value="([^"]+)"', form).group(1)
    response = client.post(_url("mailing_list", conference), {"kind": "invitation", "key": key})

    assert f'action="{_url("mailing_list", conference)}"' in form
    assert "data-confirm=" in form and 'name="kind" value="invitation"' in form
    mailing = Mailing.objects.get(conference=conference)
    assert mailing.kind == "invitation"
    assert response.url == _url("mailing_detail", conference, pk=mailing.pk)
    assert sorted(mailing.deliveries.values_list("email", "reason_code")) == [
        ("", "no_liaison"),
        ("", "no_liaison"),
        ("lienlac.chair@hoinghi.example", ""),
    ]


def test_the_send_button_is_not_offered_when_no_unit_has_a_liaison_email():
    conference = invitation_conference()
    conference.memberships.filter(role=StaffRole.LIAISON).delete()

    page = _organizer(conference).get(_url("invitation_list", conference)).content.decode()

    assert 'data-testid="send-invitations"' not in page
