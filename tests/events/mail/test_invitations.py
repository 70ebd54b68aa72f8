"""The invitation letters sent to each unit's liaison through the real
worker and a real SMTP sink, with the unit's own PDF attached."""

import pytest

from core.errors import error_code
from events.models import Delivery, Mailing, StaffRole
from events.services.mailings import mailing_start
from tests.events.invitation_world import invitation_conference, pdf_text
from tests.factories import ConferenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_liaison_gets_their_units_letter_as_a_pdf(smtp_sink, run_worker):
    conference = invitation_conference()
    term = conference.term
    bouncing = MembershipFactory(
        conference=conference, role=StaffRole.LIAISON, unit=term.deputy,
        user__email="bounce.phó@hoinghi.example",
    ).user  # fmt: skip
    mailing = mailing_start(conference=conference, kind="invitation", key="inv-1")
    run_worker()

    results = {
        d.unit_id: (d.status, d.reason_code) for d in Delivery.objects.filter(mailing=mailing)
    }
    third = term.members.exclude(pk__in=[term.chair_id, term.deputy_id]).get()
    assert results[term.chair_id] == ("sent", "")
    assert results[term.deputy_id][0] == "failed"  # the sink refused the address
    assert results[third.pk] == ("skipped", "no_liaison")
    assert smtp_sink.recipients() == ["lienlac.chair@hoinghi.example"]
    [message] = smtp_sink.parsed()
    [attachment] = [
        p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"
    ]
    assert attachment.get_filename().startswith("giay-moi-") and attachment.get_filename().endswith(
        ".pdf"
    )
    letter = pdf_text(attachment.get_content())
    assert "GIẤY MỜI" in letter and term.chair.name in letter
    text = message.get_body(("plain",)).get_content()
    assert f"/c/{conference.slug}/unit/{term.chair_id}/" in text
    assert bouncing.email not in smtp_sink.recipients()


def test_letters_are_not_queued_while_the_settings_are_incomplete():
    conference = ConferenceFactory()
    with pytest.raises(Exception) as refused:
        mailing_start(conference=conference, kind="invitation", key="inv-2")
    assert error_code(refused.value) == "invitation_incomplete"
    assert Mailing.objects.count() == 0


def test_the_emails_page_counts_the_units_whose_letter_cannot_be_emailed():
    """Before sending: of three units only the chair's has a liaison with an
    email; the card says two letters must be printed, as the log will."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from django.utils.html import escape
    from django.utils.translation import ngettext

    conference = invitation_conference()
    client = Client()
    client.force_login(MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user)

    page = client.get(reverse("events:mailing_list", kwargs={"slug": conference.slug}))

    with translation.override("vi"):
        expected = ngettext(
            "%(without)s of them has no liaison with an email: print that letter.",
            "%(without)s of them have no liaison with an email: print those letters.",
            2,
        ) % {"without": 2}
    assert escape(expected) in page.content.decode()
