"""The scanner page fed by Chromium's fake camera (a .y4m video of a real
pass QR, written by the test), with the attendance board open beside it."""

import pytest
import qrcode

from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from events.models import Registration
from tests.browser.conftest import launch_chromium

WIDTH, HEIGHT = 640, 480


def write_y4m(path, text: str, frames: int = 20) -> None:
    """A still video of ``text`` as a QR code: YUV 4:2:0, white background."""
    matrix = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    matrix.add_data(text)
    matrix.make(fit=True)
    modules = matrix.get_matrix()
    scale = min(WIDTH, HEIGHT) * 3 // 4 // len(modules)
    size = scale * len(modules)
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    luma = bytearray(b"\xeb" * (WIDTH * HEIGHT))
    for row, line in enumerate(modules):
        for col, dark in enumerate(line):
            if dark:
                for y in range(top + row * scale, top + (row + 1) * scale):
                    start = y * WIDTH + left + col * scale
                    luma[start : start + scale] = b"\x10" * scale
    chroma = b"\x80" * (WIDTH * HEIGHT // 4)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n")
            video.write(luma)
            video.write(chroma)
            video.write(chroma)


def log_in(page, url, email):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    page.get_by_role("heading", name="Hội nghị của tôi").wait_for()


@pytest.fixture
def camera_browser(tmp_path, demo, playwright):
    person = Registration.objects.get(
        conference__slug=CONFERENCE_2022, family_name="Nông", given_name="Hạnh"
    )
    video = tmp_path / "pass.y4m"
    write_y4m(video, person.code)
    browser = launch_chromium(
        playwright,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    yield browser, person
    browser.close()


def test_scanner_reads_a_pass_from_the_camera_and_the_board_updates_live(camera_browser, live_asgi):
    browser, person = camera_browser
    board_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    board = board_context.new_page()
    log_in(board, live_asgi, "chutri@hoinghi.example")
    board.goto(f"{live_asgi}/c/{CONFERENCE_2022}/attendance/")
    board.wait_for_selector("#attendance[data-connected='1']")
    arrived_before = int(board.locator("#total-arrived").inner_text())
    assert board.locator(".missing li", has_text="Nông Thị Hạnh").count() == 1

    phone_context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, locale="vi-VN"
    )
    phone_context.grant_permissions(["camera"], origin=live_asgi)
    phone = phone_context.new_page()
    log_in(phone, live_asgi, "checkin@hoinghi.example")
    phone.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/scan/")

    result = phone.locator("#result.result-ok")
    result.wait_for(timeout=20_000)
    assert result.locator(".result-name").inner_text() == "Nông Thị Hạnh"
    assert result.locator(".result-unit").inner_text() == "Sở Nội vụ tỉnh Bắc Kạn"
    assert result.locator(".result-message").inner_text() == "Xin chào! Đã điểm danh."

    board.locator("#latest li strong", has_text="Nông Thị Hạnh").wait_for(timeout=10_000)
    assert int(board.locator("#total-arrived").inner_text()) == arrived_before + 1
    assert board.locator(".missing li", has_text="Nông Thị Hạnh").count() == 0
    assert person.checkins.get().device is None
    phone_context.close()
    board_context.close()


def test_scan_without_network_is_queued_and_sent_once_back_online(camera_browser, live_asgi):
    browser, person = camera_browser
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, locale="vi-VN"
    )
    context.grant_permissions(["camera"], origin=live_asgi)
    phone = context.new_page()
    log_in(phone, live_asgi, "checkin@hoinghi.example")
    # The network fails for check-in requests only (the page itself loaded).
    phone.route("**/api/v1/checkin/", lambda route: route.abort("internetdisconnected"))
    phone.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/scan/")

    queued = phone.locator("#result.result-warn .result-message")
    queued.wait_for(timeout=20_000)
    assert queued.inner_text() == "Mất kết nối: lượt quét đã được lưu và sẽ tự gửi lại."
    assert person.checkins.count() == 0

    phone.unroute("**/api/v1/checkin/")
    phone.wait_for_function(
        f"() => JSON.parse(localStorage.getItem('hoinghi.scanner.queue.{CONFERENCE_2022}')"
        " || '[]').length === 0",
        timeout=20_000,
    )
    assert person.checkins.count() == 1
    context.close()
