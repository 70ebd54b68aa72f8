"""Pairing a scanner phone and self check-in, in a real browser."""

from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from events.models import Checkin


def log_in(page, url, email, next_url=None):
    page.goto(f"{url}/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()


def test_organizer_pairs_a_phone_that_opens_the_device_scanner(demo, live_asgi, browser, phone):
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    log_in(desk, live_asgi, "tochuc@hoinghi.example")
    desk.get_by_role("heading", name="Hội nghị của tôi").wait_for()
    desk.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/")
    desk.get_by_label("Tên").fill("Cổng 9")
    desk.get_by_role("button", name="Tạo và hiện mã ghép").click()
    pairing_url = desk.locator(".pairing .break").inner_text().strip()

    phone.goto(pairing_url)
    phone.get_by_role("button", name="Ghép và mở màn hình quét").click()
    phone.wait_for_url(f"{live_asgi}/scanner/")

    phone.locator("#scanner-list-name", has_text="Cửa chính · Cổng 9").wait_for()
    phone.get_by_role("button", name="Tìm theo tên").click()
    phone.get_by_placeholder("Họ tên hoặc đơn vị, ví dụ: nguyen dong").fill("trieu thi lan")
    phone.get_by_role("button", name="Điểm danh").click()
    phone.locator("#result.result-ok .result-name", has_text="Triệu Thị Lan").wait_for()
    # The demo's heads of delegation are already on their roll call: find Lan's.
    lan = Checkin.objects.get(registration__family_name="Triệu", registration__given_name="Lan")
    assert lan.device.name == "Cổng 9"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_delegate_checks_in_by_scanning_the_entrance_screen(demo, live_asgi, browser, phone):
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    log_in(desk, live_asgi, "tochuc@hoinghi.example")
    desk.get_by_role("heading", name="Hội nghị của tôi").wait_for()
    desk.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/entrance/")
    assert desk.locator("#entrance-qr").count() == 0  # the staff session shows no code
    desk.locator("form.card input[name=name]").fill("Màn hình cửa chính")
    desk.locator("form.card button[type=submit]").click()
    pairing_url = desk.get_by_test_id("entrance-pairing-url").inner_text().strip()

    screen_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    screen = screen_context.new_page()
    screen.goto(pairing_url)
    screen.locator("form button[type=submit]").click()
    screen.wait_for_url(f"{live_asgi}/entrance/")
    assert screen.locator("#entrance-qr svg").count() == 1
    assert screen.locator(".site-header").count() == 0
    code_url = screen.request.get(f"{live_asgi}/entrance/code/").json()["url"]
    screen_context.close()

    phone.goto(code_url)
    phone.get_by_label("Email").fill("chutri@hoinghi.example")
    phone.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    phone.get_by_role("heading", name="Xác nhận điểm danh").wait_for()
    assert phone.locator(".self-name").inner_text() == "Lê Văn Hội"
    phone.get_by_role("button", name="Tôi đã có mặt — điểm danh").click()

    phone.locator(".self-result-ok", has_text="Xin chào! Đã điểm danh.").wait_for()
    assert Checkin.objects.get(method="self").registration.full_name == "Lê Văn Hội"
