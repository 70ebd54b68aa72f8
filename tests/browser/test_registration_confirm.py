"""Declining asks first, in a real browser: dismissing the question keeps the
delegate; accepting declines with the reason (issue #10, item 5)."""

from django.conf import settings
from django.test import Client

from events.models import RegistrationStatus, StaffRole
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory


def _session_cookie(user, url: str) -> dict:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}


def test_decline_asks_first_and_keeps_the_delegate_when_dismissed(live_asgi, browser):
    conference = ConferenceFactory()
    organizer = MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user
    delegate = RegistrationFactory(conference=conference, full_name="Trần Văn An")
    context = browser.new_context(locale="vi-VN")
    context.add_cookies([_session_cookie(organizer, live_asgi)])
    page = context.new_page()
    questions: list[str] = []
    answers = iter([False, True])

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    page.on("dialog", answer)
    page.goto(f"{live_asgi}/c/{conference.slug}/delegates/{delegate.pk}/")

    page.locator("#decline-reason").fill("Trùng với đại biểu đã đăng ký")
    page.locator("#decline button[type=submit]").click()
    page.wait_for_timeout(300)
    delegate.refresh_from_db()
    assert delegate.status == RegistrationStatus.APPROVED

    page.locator("#decline button[type=submit]").click()
    page.locator(".message-success").filter(has_text="Trần Văn An").wait_for()
    delegate.refresh_from_db()
    context.close()
    assert len(questions) == 2
    assert "Trần Văn An" in questions[0]
    assert (delegate.status, delegate.decline_reason) == (
        RegistrationStatus.DECLINED,
        "Trùng với đại biểu đã đăng ký",
    )
