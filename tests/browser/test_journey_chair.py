"""The chair's journey on a tablet (1024x768): run the items, say the room is
late (+5), take it back (-5), undo; the projector (1920x1080) follows live
with now / next, the total delay and a countdown, without scrolling.

Screenshots go to var/screenshots/ (not committed) to be looked at."""

from pathlib import Path

from events.demo import CONFERENCE_2022
from events.models import ActivityLog
from tests.browser.test_agenda import log_in, new_page

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"chair-{name}.png"))


def fits_without_scrolling(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollHeight <= window.innerHeight"
        " && document.documentElement.scrollWidth <= window.innerWidth"
    )


def test_chair_runs_the_meeting_from_a_tablet_and_the_projector_follows(demo, live_asgi, browser):
    chair = new_page(browser, 1024, 768)
    log_in(chair, live_asgi, "chutri@hoinghi.example")
    chair.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/console/")
    projector = new_page(browser, 1920, 1080)
    projector.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/screen/")
    chair.locator("[data-live-status=live]").wait_for()
    projector.locator("[data-live-status=live]").wait_for()
    assert projector.locator("[data-agenda-delay]").inner_text() == "Đúng giờ"
    assert chair.get_by_role("button", name="Hoàn tác lần đổi giờ gần nhất").is_disabled()
    shot(projector, "projector-before")

    # Start the first item: the countdown runs on both screens.
    chair.get_by_role("button", name="Bắt đầu nội dung tiếp theo").click()
    projector.locator("[data-agenda-now] .now-title").filter(
        has_text="Đón tiếp đại biểu, ổn định tổ chức"
    ).wait_for()
    countdown = projector.locator("[data-agenda-countdown]")
    countdown.filter(has_text="Còn ").wait_for()
    first = countdown.inner_text()
    projector.wait_for_function(
        "(before) => document.querySelector('[data-agenda-countdown]').textContent !== before",
        arg=first,
    )
    assert chair.locator("[data-agenda-countdown]").inner_text().startswith("Còn ")

    # +5, then +5 again: feedback on the tablet, the total on the projector.
    feedback = chair.locator("[data-console-feedback]")
    chair.get_by_role("button", name="Lùi 5 phút").click()
    feedback.filter(has_text="Tổng cộng đang chậm 5 phút").wait_for()
    assert feedback.inner_text() == ("Đã lùi 7 nội dung thêm 5 phút. Tổng cộng đang chậm 5 phút.")
    chair.get_by_role("button", name="Lùi 5 phút").click()
    feedback.filter(has_text="Tổng cộng đang chậm 10 phút").wait_for()
    projector.locator("[data-agenda-delay]").filter(has_text="Đang chậm 10 phút").wait_for()
    assert chair.locator("[data-agenda-delay]").inner_text() == "Đang chậm 10 phút"
    next_start = chair.locator(".agenda-item").nth(1).locator(".agenda-start")
    assert next_start.inner_text() == "08:25"
    shot(chair, "console-late-10")
    shot(projector, "projector-late-10")
    assert fits_without_scrolling(projector)

    # −5: the room caught up five minutes.
    chair.get_by_role("button", name="Bớt 5 phút").click()
    projector.locator("[data-agenda-delay]").filter(has_text="Đang chậm 5 phút").wait_for()
    assert next_start.inner_text() == "08:20"

    # Undo takes back the −5 (the delay is 10 again), then the second +5.
    undo = chair.get_by_role("button", name="Hoàn tác lần đổi giờ gần nhất")
    undo.click()
    feedback.filter(has_text="Đã hoàn tác lệnh bớt 5 phút").wait_for()
    projector.locator("[data-agenda-delay]").filter(has_text="Đang chậm 10 phút").wait_for()
    undo.click()
    feedback.filter(has_text="Đã hoàn tác lệnh lùi 5 phút").wait_for()
    projector.locator("[data-agenda-delay]").filter(has_text="Đang chậm 5 phút").wait_for()
    assert next_start.inner_text() == "08:20"

    # Next item: now / next move on the projector, which still fits.
    chair.get_by_role("button", name="Bắt đầu nội dung tiếp theo").click()
    projector.locator("[data-agenda-now] .now-title").filter(
        has_text="Tuyên bố lý do, giới thiệu đại biểu; phát biểu khai mạc"
    ).wait_for()
    assert (
        projector.locator("[data-agenda-next] .now-title")
        .inner_text()
        .startswith("Thông qua Báo cáo sơ kết công tác thi đua")
    )
    projector.locator("[data-agenda-countdown]").filter(has_text="Còn ").wait_for()
    assert projector.locator("[data-live-status=live]").is_visible()
    live_box = projector.locator("[data-live-status]").bounding_box()
    assert live_box["y"] + live_box["height"] <= 1080
    assert fits_without_scrolling(projector)
    assert chair.evaluate("document.documentElement.scrollWidth") <= 1024
    shot(chair, "console-second-item")
    shot(projector, "projector-second-item")

    # Every tap is in the activity log; the undos are rows of their own.
    actions = list(
        ActivityLog.objects.filter(conference__slug=CONFERENCE_2022, action__startswith="agenda.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "agenda.item_started",
        "agenda.delayed",
        "agenda.delayed",
        "agenda.advanced",
        "agenda.delay_undone",
        "agenda.delay_undone",
        "agenda.item_started",
    ]
    chair.context.close()
    projector.context.close()
