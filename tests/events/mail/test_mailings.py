"""Bulk sending: queued by the service, sent by the real worker through a
real SMTP server, one result per recipient, retry of the failures only."""

import io
from datetime import timedelta

import pytest
import qrcode
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from core.errors import error_code
from events.mail.passes import pass_link
from events.models import Delivery, DeliveryStatus, Mailing, MailingStatus, StaffRole
from events.selectors.passes import pass_qr_payload
from events.services.activity import ActivityMeta
from events.services.mailings import mailing_retry, mailing_start
from events.services.registrations import policy_update
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _delegates(conference):
    unit = conference.term.chair
    people = {
        "an": RegistrationFactory(
            conference=conference, full_name="Nguyễn Văn An", unit=unit, email="an@so.example"
        ),
        "binh": RegistrationFactory(
            conference=conference, full_name="Trần Thị Bình", unit=unit, email="binh@so.example"
        ),
        "bounce": RegistrationFactory(
            conference=conference,
            full_name="Lê Văn Cường",
            unit=unit,
            email="bounce.cuong@so.example",
        ),
        "noemail": RegistrationFactory(conference=conference, full_name="Phạm Văn Dũng", unit=unit),
        "pending": RegistrationFactory(
            conference=conference,
            full_name="Hoàng Thị Én",
            unit=unit,
            email="en@so.example",
            status="pending",
        ),
    }
    return people


def _modules(png: bytes, size: int) -> list[list[bool]]:
    """The dark modules of a QR PNG drawn with whole pixels per module."""
    image = Image.open(io.BytesIO(png)).convert("L")
    scale = image.width // size
    assert image.width == size * scale >= 240
    middle = scale // 2
    return [
        [image.getpixel((x * scale + middle, y * scale + middle)) < 128 for x in range(size)]
        for y in range(size)
    ]


def _expected_modules(payload: str) -> list[list[bool]]:
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1, mask_pattern=2
    )
    qr.add_data(payload)
    qr.make(fit=True)
    return qr.get_matrix()


def _results(mailing):
    return {
        d.email or d.name: (d.status, d.reason_code)
        for d in Delivery.objects.filter(mailing=mailing)
    }


def test_passes_to_all_are_queued_then_sent_by_the_worker_with_refusals_reported(
    smtp_sink, run_worker
):
    conference = ConferenceFactory()
    _delegates(conference)

    mailing = mailing_start(conference=conference, kind="pass", key="form-1")

    # Queued, not sent: the request returns before any email goes out.
    assert smtp_sink.messages == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert _results(mailing) == {
        "an@so.example": ("pending", ""),
        "binh@so.example": ("pending", ""),
        "bounce.cuong@so.example": ("pending", ""),
        "Phạm Văn Dũng": ("skipped", "no_email"),
    }

    run_worker()

    assert smtp_sink.recipients() == ["an@so.example", "binh@so.example"]
    assert _results(mailing) == {
        "an@so.example": ("sent", ""),
        "binh@so.example": ("sent", ""),
        "bounce.cuong@so.example": ("failed", "refused"),
        "Phạm Văn Dũng": ("skipped", "no_email"),
    }
    failed = Delivery.objects.get(mailing=mailing, status=DeliveryStatus.FAILED)
    assert failed.reason.startswith("550 5.1.1 <bounce.cuong@so.example>")
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DONE


def test_retry_sends_only_the_failed_and_uses_a_corrected_address(smtp_sink, run_worker):
    conference = ConferenceFactory()
    people = _delegates(conference)
    mailing = mailing_start(conference=conference, kind="pass", key="form-1")
    run_worker()
    assert len(smtp_sink.messages) == 2

    # The organizer fixes the address that bounced, then retries.
    people["bounce"].email = "cuong@so.example"
    people["bounce"].save(update_fields=["email"])
    count = mailing_retry(mailing=mailing)
    # A second click while it is queued is refused: nothing twice.
    with pytest.raises(Exception) as second:
        mailing_retry(mailing=mailing)
    run_worker()

    assert count == 1
    assert error_code(second.value) == "still_sending"
    assert smtp_sink.recipients() == ["an@so.example", "binh@so.example", "cuong@so.example"]
    assert _results(mailing)["cuong@so.example"] == ("sent", "")
    assert Delivery.objects.get(mailing=mailing, email="cuong@so.example").attempts == 2


def test_the_same_form_submitted_twice_starts_one_mailing(smtp_sink, run_worker):
    conference = ConferenceFactory()
    _delegates(conference)

    first = mailing_start(conference=conference, kind="pass", key="form-1")
    again = mailing_start(conference=conference, kind="pass", key="form-1")
    with pytest.raises(Exception) as other_form:
        mailing_start(conference=conference, kind="pass", key="form-2")
    run_worker()

    assert again.pk == first.pk
    assert error_code(other_form.value) == "already_sending"
    assert Mailing.objects.count() == 1
    assert smtp_sink.recipients() == ["an@so.example", "binh@so.example"]


def test_the_pass_email_carries_the_qr_inline_the_manual_code_and_the_link(smtp_sink, run_worker):
    conference = ConferenceFactory(title="Hội nghị ký kết giao ước thi đua 2026")
    person = RegistrationFactory(
        conference=conference, full_name="Nguyễn Văn An", email="an@so.example", gender="m"
    )
    mailing_start(conference=conference, kind="pass", key="k", target_id=person.pk)
    run_worker()

    [message] = smtp_sink.parsed()
    [(_rcpts, raw)] = smtp_sink.messages
    assert message["Subject"].strip() == "Thẻ đại biểu dự Hội nghị ký kết giao ước thi đua 2026"
    assert message.get_content_type() == "multipart/related"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert image["Content-ID"] == "<pass-qr>"
    expected = _expected_modules(pass_qr_payload(person))
    assert _modules(image.get_content(), len(expected)) == expected
    assert 'src="cid:pass-qr"' in html
    assert person.manual_code_display in html and person.manual_code_display in text
    assert pass_link(person) in html and pass_link(person) in text
    assert "Kính gửi Ông Nguyễn Văn An" in text
    assert len(raw) < 100 * 1024


def test_a_pass_to_one_delegate_without_email_is_refused_with_a_reason():
    conference = ConferenceFactory()
    person = RegistrationFactory(conference=conference, full_name="Phạm Văn Dũng")
    pending = RegistrationFactory(
        conference=conference, full_name="Hoàng Thị Én", email="en@so.example", status="pending"
    )

    with pytest.raises(Exception) as no_email:
        mailing_start(conference=conference, kind="pass", key="a", target_id=person.pk)
    with pytest.raises(Exception) as not_approved:
        mailing_start(conference=conference, kind="pass", key="b", target_id=pending.pk)

    assert error_code(no_email.value) == "no_email"
    assert "Phạm Văn Dũng" in no_email.value.messages[0]
    assert error_code(not_approved.value) == "not_approved"
    assert Mailing.objects.count() == 0


def test_a_delegate_withdrawn_after_the_start_gets_no_pass(smtp_sink, run_worker):
    conference = ConferenceFactory()
    people = _delegates(conference)
    mailing = mailing_start(conference=conference, kind="pass", key="k")
    people["an"].status = "cancelled"
    people["an"].save(update_fields=["status"])

    run_worker()

    assert smtp_sink.recipients() == ["binh@so.example"]
    assert _results(mailing)["an@so.example"] == ("failed", "not_approved")


def test_a_mail_server_that_is_down_fails_every_delivery_and_a_retry_sends_them(
    settings, run_worker
):
    from tests.smtp_sink import SmtpSink

    conference = ConferenceFactory()
    _delegates(conference)
    with SmtpSink() as sink:
        for name, value in sink.settings.items():
            setattr(settings, name, value)
        port = sink.port
    # Nothing listens on the port any more.
    mailing = mailing_start(conference=conference, kind="pass", key="k")
    run_worker()
    results = _results(mailing)
    with SmtpSink() as sink:
        settings.EMAIL_PORT = sink.port
        mailing_retry(mailing=mailing)
        run_worker()
        delivered = sink.recipients()

    assert port
    assert results["an@so.example"] == ("failed", "server_error")
    assert results["binh@so.example"] == ("failed", "server_error")
    assert delivered == ["an@so.example", "binh@so.example"]
    assert _results(mailing)["an@so.example"] == ("sent", "")
    assert _results(mailing)["bounce.cuong@so.example"] == ("failed", "refused")


def test_reminders_go_to_the_liaisons_of_units_that_registered_nobody(smtp_sink, run_worker):
    conference = ConferenceFactory()
    term = conference.term
    third = term.members.exclude(pk__in=[term.chair_id, term.deputy_id]).get()
    RegistrationFactory(conference=conference, unit=term.chair, email="an@so.example")
    MembershipFactory(conference=conference, role=StaffRole.LIAISON, unit=term.chair)
    liaison = MembershipFactory(
        conference=conference, role=StaffRole.LIAISON, unit=term.deputy
    ).user
    deadline = timezone.now() + timedelta(days=3)
    policy_update(conference=conference, deadline=deadline, auto_approve=False, unit_quota=None)

    mailing = mailing_start(
        conference=conference, kind="reminder", key="r", meta=ActivityMeta(user=liaison)
    )
    run_worker()

    assert smtp_sink.recipients() == [liaison.email]
    assert _results(mailing) == {liaison.email: ("sent", ""), third.name: ("skipped", "no_liaison")}
    [message] = smtp_sink.parsed()
    text = message.get_body(("plain",)).get_content()
    assert f"/c/{conference.slug}/unit/{term.deputy.pk}/" in text
    assert term.deputy.name in text


def test_no_reminders_after_the_deadline():
    conference = ConferenceFactory()
    policy_update(
        conference=conference,
        deadline=timezone.now() - timedelta(minutes=1),
        auto_approve=False,
        unit_quota=None,
    )

    with pytest.raises(Exception) as refused:
        mailing_start(conference=conference, kind="reminder", key="r")

    assert error_code(refused.value) == "deadline_passed"
    assert Mailing.objects.count() == 0


def test_the_reminder_command_reminds_once_a_day_before_the_deadline(smtp_sink, run_worker):
    from io import StringIO

    from django.core.management import call_command

    conference = ConferenceFactory()
    liaison = MembershipFactory(
        conference=conference, role=StaffRole.LIAISON, unit=conference.term.deputy
    ).user
    policy_update(conference=conference, deadline=timezone.now() + timedelta(days=2))
    later = ConferenceFactory()
    policy_update(conference=later, deadline=timezone.now() + timedelta(days=30))

    call_command("send_reminders", "--days", "3", stdout=StringIO())
    call_command("send_reminders", "--days", "3", stdout=StringIO())
    run_worker()

    assert Mailing.objects.filter(kind="reminder").count() == 1
    assert smtp_sink.recipients() == [liaison.email]
