"""The door desk in Chromium, as check-in staff and the organizer use it
(templates/events/door/): what cannot be undone is asked first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.demo import CONFERENCE_2022
from events.models import Conference, Registration, RegistrationStatus, WalkIn, WalkInStatus
from events.services.checkin import checkin_list_main
from events.services.registrations import policy_update
from events.services.walkins import walkin_request
from tests.browser.test_checkin import log_in

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "locale": "vi-VN"}


@pytest.fixture
def conference(demo):
    now = timezone.now()
    Conference.objects.filter(slug=CONFERENCE_2022).update(
        starts_at=now - timedelta(hours=2), ends_at=now + timedelta(hours=6)
    )
    return Conference.objects.get(slug=CONFERENCE_2022)


def _answer_dialogs(page, answers):
    """Answer the page's confirm() boxes with ``answers`` in turn; returns
    the questions asked."""
    asked = []

    def on_dialog(dialog):
        asked.append(dialog.message)
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    page.on("dialog", on_dialog)
    return asked


def test_replacement_admitted_at_once_is_confirmed_first(conference, live_asgi, browser):
    policy_update(conference=conference, staff_approve_walkins=True)
    absent = Registration.objects.get(conference=conference, family_name="Nông", given_name="Hạnh")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, live_asgi, "checkin@hoinghi.example")
    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/desk/?q=Nông Thị Hạnh")
    page.get_by_role("link", name="Cử người dự thay Nông Thị Hạnh").click()
    page.get_by_label("Họ và tên").fill("Nông Văn Hải")
    asked = _answer_dialogs(page, [False, True])

    page.get_by_role("button", name="Đăng ký và điểm danh").click()
    page.wait_for_timeout(300)
    assert len(asked) == 1 and "Nông Thị Hạnh" in asked[0]
    assert page.get_by_label("Họ và tên").input_value() == "Nông Văn Hải"
    assert WalkIn.objects.count() == 0
    absent.refresh_from_db()
    assert absent.status == RegistrationStatus.APPROVED

    page.get_by_role("button", name="Đăng ký và điểm danh").click()
    page.get_by_text("Nông Văn Hải đã được đăng ký và điểm danh.").wait_for()
    assert len(asked) == 2
    absent.refresh_from_db()
    assert absent.status == RegistrationStatus.CANCELLED
    page.screenshot(path="var/screens/desk-replacement-done.png", full_page=True)
    context.close()


def test_organizer_is_asked_before_declining_or_approving_a_replacement(
    conference, live_asgi, browser
):
    guest = walkin_request(
        conference=conference,
        kind="guest",
        person={
            "family_name": "Vàng",
            "middle_name": "A",
            "given_name": "Páo",
            "title": "",
            "organization": "UBND huyện Mèo Vạc",
            "phone": "",
        },
        role=conference.roles.get(code="guest"),
        checkin_list=checkin_list_main(conference=conference),
        approve=False,
    )
    absent = Registration.objects.get(conference=conference, family_name="Ma", given_name="Tùng")
    replacement = walkin_request(
        conference=conference,
        kind="replacement",
        person={
            "family_name": "Ma",
            "middle_name": "Thị",
            "given_name": "Lan",
            "title": "",
            "organization": "",
            "phone": "",
        },
        replaces=absent,
        checkin_list=checkin_list_main(conference=conference),
        approve=False,
    )
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_asgi, "tochuc@hoinghi.example")
    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/desk/")
    asked = _answer_dialogs(page, [False, True, False])

    page.get_by_role("button", name="Từ chối Vàng A Páo").click()
    page.wait_for_timeout(300)
    guest.refresh_from_db()
    assert (len(asked), guest.status) == (1, WalkInStatus.PENDING)
    assert "Vàng A Páo" in asked[0]
    page.get_by_role("button", name="Từ chối Vàng A Páo").click()
    page.wait_for_load_state()
    guest.refresh_from_db()
    assert (len(asked), guest.status) == (2, WalkInStatus.DECLINED)

    page.get_by_role("button", name="Duyệt và điểm danh Ma Thị Lan").click()
    page.wait_for_timeout(300)
    replacement.refresh_from_db()
    absent.refresh_from_db()
    assert len(asked) == 3 and "Ma Văn Tùng" in asked[2]
    assert (replacement.status, absent.status) == (
        WalkInStatus.PENDING,
        RegistrationStatus.APPROVED,
    )
    context.close()


def test_desk_search_results_fit_a_320px_phone(conference, live_asgi, browser):
    context = browser.new_context(**{**PHONE, "viewport": {"width": 320, "height": 640}})
    page = context.new_page()
    log_in(page, live_asgi, "checkin@hoinghi.example")

    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/desk/?q=Anh")

    role = page.locator(".desk-tags .badge", has_text="Chuyên viên thi đua - khen thưởng").first
    role.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") == 320
    assert role.bounding_box()["x"] + role.bounding_box()["width"] <= 320
    context.close()
