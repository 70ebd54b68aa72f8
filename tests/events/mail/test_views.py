"""The mailing pages as organizers and liaisons use them."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from events.mail import FAILURE_REASONS
from events.models import ActivityLog, Delivery, Mailing, StaffRole
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world():
    conference = ConferenceFactory()
    organizer = MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user
    unit, other_unit = conference.term.chair, conference.term.deputy
    liaison = MembershipFactory(conference=conference, role=StaffRole.LIAISON, unit=unit).user
    own = RegistrationFactory(
        conference=conference, full_name="Nguyễn Văn An", unit=unit, email="an@so.example"
    )
    bounce = RegistrationFactory(
        conference=conference, full_name="Lê Văn Cường", unit=unit, email="bounce@so.example"
    )
    other = RegistrationFactory(
        conference=conference, full_name="Trần Văn Khác", unit=other_unit, email="k@so.example"
    )
    return {
        "conference": conference,
        "organizer": _client(organizer),
        "liaison": _client(liaison),
        "unit": unit,
        "own": own,
        "bounce": bounce,
        "other": other,
    }


def test_organizer_sends_all_passes_sees_progress_then_results_and_retries(
    world, smtp_sink, run_worker
):
    conference, client = world["conference"], world["organizer"]
    url = reverse("events:mailing_list", kwargs={"slug": conference.slug})
    page = client.get(url).content.decode()
    assert "3 đại biểu đã được duyệt, 0 người chưa có email." in page

    response = client.post(url, {"kind": "pass", "key": "form-key-1"})
    again = client.post(url, {"kind": "pass", "key": "form-key-1"})  # a double click
    mailing = Mailing.objects.get()
    detail = reverse("events:mailing_detail", kwargs={"slug": conference.slug, "pk": mailing.pk})
    progress = reverse(
        "events:mailing_progress", kwargs={"slug": conference.slug, "pk": mailing.pk}
    )
    assert response.url == again.url == detail
    assert client.get(progress).json() == {
        "status": "queued",
        "pending": 3,
        "sent": 0,
        "failed": 0,
        "skipped": 0,
        "total": 3,
        "done": 0,
        "percent": 0,
    }
    assert 'data-progress-url="' in client.get(detail).content.decode()

    run_worker()

    assert client.get(progress).json()["percent"] == 100
    page = client.get(detail).content.decode()
    assert "data-progress-url" not in page
    assert "550 5.1.1 &lt;bounce@so.example&gt;: Recipient address rejected" in page
    assert "Gửi lại 1 email bị lỗi" in page
    retry = reverse("events:mailing_retry", kwargs={"slug": conference.slug, "pk": mailing.pk})
    client.post(retry)
    second = client.post(retry, follow=True).content.decode()
    assert "Đợt gửi này vẫn đang chạy; hãy chờ gửi xong." in second
    run_worker()
    assert smtp_sink.recipients() == ["an@so.example", "k@so.example"]
    assert smtp_sink.refused == ["bounce@so.example", "bounce@so.example"]
    assert list(ActivityLog.objects.values_list("action", flat=True).order_by("pk")) == [
        "mailing.started",
        "mailing.retried",
    ]


def test_a_liaison_emails_a_pass_of_their_own_unit_and_sees_the_result(
    world, smtp_sink, run_worker
):
    conference, client, own = world["conference"], world["liaison"], world["own"]
    unit_url = reverse(
        "events:liaison_unit", kwargs={"slug": conference.slug, "unit_id": world["unit"].pk}
    )
    send = reverse("events:registration_send_pass", kwargs={"slug": conference.slug, "pk": own.pk})

    page = client.get(unit_url).content.decode()
    response = client.post(send, {"key": "k1", "next": unit_url}, follow=True)
    run_worker()
    after = client.get(unit_url).content.decode()

    assert f'data-share-url="/pass/{own.code}/"' in page
    assert f"/pass/{world['other'].code}/" not in page
    assert "Đang gửi thẻ tới an@so.example." in response.content.decode()
    assert smtp_sink.recipients() == ["an@so.example"]
    assert "Đã gửi thẻ tới an@so.example" in after


def test_a_liaison_cannot_send_the_pass_of_another_unit(world, smtp_sink, run_worker):
    conference = world["conference"]
    send = reverse(
        "events:registration_send_pass",
        kwargs={"slug": conference.slug, "pk": world["other"].pk},
    )

    response = world["liaison"].post(send, {"key": "k1"})
    run_worker()

    assert response.status_code == 403
    assert Mailing.objects.count() == 0
    assert smtp_sink.messages == []


def test_a_failed_pass_email_shows_its_reason_on_the_liaisons_list(world, smtp_sink, run_worker):
    conference, client = world["conference"], world["liaison"]
    unit_url = reverse(
        "events:liaison_unit", kwargs={"slug": conference.slug, "unit_id": world["unit"].pk}
    )
    send = reverse(
        "events:registration_send_pass", kwargs={"slug": conference.slug, "pk": world["bounce"].pk}
    )
    client.post(send, {"key": "k1", "next": unit_url})
    run_worker()

    page = client.get(unit_url).content.decode()

    assert Delivery.objects.get().status == "failed"
    assert "Gửi thẻ tới bounce@so.example bị lỗi: 550 5.1.1" in page


def test_a_refused_address_is_explained_and_links_to_the_delegate_to_correct_it(
    world, smtp_sink, run_worker
):
    """The send log says in the reader's words what the server's 550 means
    and where to fix the address; the retry then uses the corrected one."""
    conference, client, bounce = world["conference"], world["organizer"], world["bounce"]
    client.post(
        reverse("events:mailing_list", kwargs={"slug": conference.slug}),
        {"kind": "pass", "key": "k-explain"},
    )
    run_worker()
    mailing = Mailing.objects.get()
    detail = reverse("events:mailing_detail", kwargs={"slug": conference.slug, "pk": mailing.pk})
    edit = reverse("events:registration_edit", kwargs={"slug": conference.slug, "pk": bounce.pk})

    page = client.get(detail).content.decode()
    failed_row = page[
        page.index('class="delivery-failed"') : page.index(
            "</tr>", page.index('class="delivery-failed"')
        )
    ]

    with translation.override("vi"):
        explained = escape(str(FAILURE_REASONS["refused"]))
    assert explained in failed_row
    assert "550 5.1.1" in failed_row
    assert f'href="{edit}"' in failed_row
    assert page.count('class="small mail-fix"') == 1  # only the failed delivery


def test_a_mailing_that_would_be_refused_says_why_before_the_click(world):
    """Every unit has registered: the reminder card states so and its button
    is disabled, instead of asking to confirm and then refusing."""
    conference, client = world["conference"], world["organizer"]
    for unit in conference.term.members.exclude(pk=world["unit"].pk).exclude(
        pk=world["other"].unit_id
    ):
        RegistrationFactory(conference=conference, unit=unit)

    page = client.get(reverse("events:mailing_list", kwargs={"slug": conference.slug}))
    html = page.content.decode()
    card = html[
        html.index('id="kind-reminder"') : html.index(
            "</section>", html.index('id="kind-reminder"')
        )
    ]
    passes = html[
        html.index('id="kind-pass"') : html.index("</section>", html.index('id="kind-pass"'))
    ]

    with translation.override("vi"):
        reason = escape(str(_("Every unit has registered someone.")))
    assert reason in card
    assert "disabled" in card
    assert "disabled" not in passes
