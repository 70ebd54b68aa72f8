"""The live agenda in a real browser: the chair's tap reaches the delegate's
phone without a reload; the organizer reorders the agenda."""

from events.demo import CONFERENCE_2022, DEMO_PASSWORD


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    page.get_by_role("heading", name="Hội nghị của tôi").wait_for()


def new_page(browser, width: int, height: int):
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=True, locale="vi-VN"
    )
    return context.new_page()


def test_chair_tap_changes_the_delegate_phone_without_reload(demo, live_asgi, browser):
    chair = new_page(browser, 800, 1280)
    log_in(chair, live_asgi, "chutri@hoinghi.example")
    chair.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/console/")
    delegate = new_page(browser, 360, 740)
    delegate.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/")
    delegate.locator("[data-live-status=live]").wait_for()
    chair.locator("[data-live-status=live]").wait_for()
    delegate.evaluate("window.notReloaded = true")

    chair.get_by_role("button", name="Bắt đầu nội dung tiếp theo").click()
    running = delegate.locator(".agenda-item.is-running .agenda-title")
    running.wait_for()
    assert running.inner_text() == "Đón tiếp đại biểu, ổn định tổ chức"
    assert delegate.locator("[data-agenda-next] .now-title").inner_text() == (
        "Tuyên bố lý do, giới thiệu đại biểu; phát biểu khai mạc"
    )

    chair.get_by_role("button", name="Lùi 10 phút").click()
    second_start = delegate.locator(".agenda-item").nth(1).locator(".agenda-start")
    second_start.filter(has_text="08:25").wait_for()

    chair.get_by_label("Nội dung hiển thị trên mọi màn hình").fill(
        "Đề nghị đại biểu ổn định chỗ ngồi"
    )
    chair.get_by_role("button", name="Hiện thông báo").click()
    banner = delegate.locator("[data-agenda-banner]")
    banner.filter(has_text="Đề nghị đại biểu ổn định chỗ ngồi").wait_for()

    assert delegate.evaluate("window.notReloaded") is True
    assert delegate.evaluate("document.documentElement.scrollWidth") <= 360
    chair.context.close()
    delegate.context.close()


def test_big_screen_follows_the_chair(demo, live_asgi, browser):
    chair = new_page(browser, 800, 1280)
    log_in(chair, live_asgi, "tochuc@hoinghi.example")
    chair.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/console/")
    screen = new_page(browser, 1920, 1080)
    screen.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/screen/")
    screen.locator("[data-live-status=live]").wait_for()
    chair.locator("[data-live-status=live]").wait_for()

    chair.get_by_role("button", name="Bắt đầu nội dung tiếp theo").click()
    screen.locator("[data-agenda-now] .now-title").filter(
        has_text="Đón tiếp đại biểu, ổn định tổ chức"
    ).wait_for()
    assert screen.locator("[data-clock]").inner_text().count(":") == 1
    # Now and next both fit on a 1080p projector without scrolling.
    assert screen.evaluate("document.documentElement.scrollHeight") <= 1080
    chair.context.close()
    screen.context.close()


def test_organizer_reorders_with_the_arrow_button_and_by_dragging(demo, live_asgi, browser):
    # Tall enough that no scrolling happens mid-drag (Playwright scrolls the
    # drop target into view after pressing the mouse on the source).
    page = new_page(browser, 1280, 1400)
    log_in(page, live_asgi, "tochuc@hoinghi.example")
    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/edit/")
    titles = page.locator(".editor-item .agenda-title")
    assert titles.nth(7).inner_text() == "Bế mạc hội nghị"

    page.get_by_role("button", name="Chuyển “Bế mạc hội nghị” lên").click()
    page.wait_for_load_state()
    assert titles.nth(6).inner_text() == "Bế mạc hội nghị"
    assert page.locator(".editor-item").nth(6).locator(".editor-time strong").inner_text() == (
        "10:05"
    )

    handles = page.locator(".editor-item .drag-handle")
    with page.expect_navigation():
        # By the ⋮⋮ handle, as a person would (the row's centre may be a button).
        handles.nth(6).drag_to(handles.nth(0))
    assert titles.nth(0).inner_text() == "Bế mạc hội nghị"
    assert handles.count() == 8
    page.context.close()


def test_delegate_page_reconnects_after_a_server_restart_and_resynchronises(demo, browser):
    from events.models import Conference
    from events.services.agenda_live import agenda_announce
    from tests.browser.conftest import start_asgi_server

    server, url = start_asgi_server()
    port = int(url.rsplit(":", 1)[1])
    delegate = new_page(browser, 360, 740)
    try:
        delegate.goto(f"{url}/c/{CONFERENCE_2022}/agenda/")
        delegate.locator("[data-live-status=live]").wait_for()
        server.terminate()
        server.wait(timeout=10)
        delegate.locator("[data-live-status=reconnecting]").wait_for()
        assert delegate.locator("[data-live-text]").inner_text() == "Đang kết nối lại…"

        # Changed while the phone was cut off.
        conference = Conference.objects.get(slug=CONFERENCE_2022)
        agenda_announce(conference=conference, text="Giải lao 15 phút")
        server, _ = start_asgi_server(port=port)

        delegate.locator("[data-agenda-banner]").filter(has_text="Giải lao 15 phút").wait_for()
        delegate.locator("[data-live-status=live]").wait_for()
    finally:
        server.terminate()
        server.wait(timeout=10)
        delegate.context.close()


def test_delegate_who_switched_to_english_sees_english_labels_after_a_live_update(
    demo, live_asgi, browser
):
    chair = new_page(browser, 800, 1280)
    log_in(chair, live_asgi, "chutri@hoinghi.example")
    chair.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/console/")
    delegate = new_page(browser, 360, 740)
    delegate.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/")
    delegate.get_by_role("button", name="EN").click()
    delegate.get_by_role("heading", name="Agenda", exact=True).wait_for()
    first_kind = delegate.locator(".agenda-item").first.locator(".agenda-kind")
    assert first_kind.text_content() == "Welcome and seating"
    delegate.locator("[data-live-status=live]").wait_for()
    chair.locator("[data-live-status=live]").wait_for()
    delegate.evaluate("window.notReloaded = true")

    chair.get_by_role("button", name="Bắt đầu nội dung tiếp theo").click()
    running = delegate.locator(".agenda-item.is-running")
    running.wait_for()
    assert running.locator(".agenda-kind").text_content() == "Welcome and seating"
    assert running.locator(".agenda-status").inner_text().startswith("Now · started ")
    # Kinds are shown in capitals (CSS); compare the text itself.
    kinds = delegate.locator(".agenda-item .agenda-kind").all_text_contents()
    assert kinds[:3] == ["Welcome and seating", "Opening", "Report"]
    assert "Khai mạc" not in kinds
    assert delegate.locator("[data-live-text]").inner_text() == "Live"
    assert delegate.evaluate("window.notReloaded") is True
    # The chair's console, in Vietnamese, got the same snapshot in its own language.
    chair_running = chair.locator(".agenda-item.is-running .agenda-kind")
    assert chair_running.text_content() == "Đón tiếp, ổn định tổ chức"
    chair.context.close()
    delegate.context.close()


def test_editor_follows_the_chair_and_keeps_what_the_organizer_is_typing(demo, live_asgi, browser):
    organizer = new_page(browser, 1280, 1400)
    log_in(organizer, live_asgi, "tochuc@hoinghi.example")
    organizer.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/edit/")
    organizer.locator("[data-socket=open]").wait_for()
    version = int(organizer.locator("[data-version]").get_attribute("data-version"))
    chair = new_page(browser, 800, 1280)
    log_in(chair, live_asgi, "chutri@hoinghi.example")
    chair.goto(f"{live_asgi}/c/{CONFERENCE_2022}/agenda/console/")
    chair.locator("[data-live-status=live]").wait_for()

    # Nothing typed: the editor shows the chair's change by itself.
    chair.get_by_role("button", name="Lùi 5 phút").click()
    organizer.locator(f"[data-version='{version + 1}'][data-socket=open]").wait_for()

    # Halfway through a new item: a banner instead of a reload.
    organizer.locator("form input[name=title]").fill("Phát biểu của đại diện Ban Thi đua")
    chair.get_by_role("button", name="Lùi 5 phút").click()
    banner = organizer.locator("[data-editor-changed]")
    banner.wait_for()
    assert "thay đổi" in banner.inner_text()
    assert organizer.locator("form input[name=title]").input_value() == (
        "Phát biểu của đại diện Ban Thi đua"
    )
    banner.get_by_role("button").click()
    organizer.locator(f"[data-version='{version + 2}']").wait_for()
    organizer.context.close()
    chair.context.close()
