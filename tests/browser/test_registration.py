import os
import re
import time
from pathlib import Path

from events.checkin_tokens import parse_code
from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from events.models import Conference, Registration
from events.selectors.passes import pass_qr_payload

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
# The server "emails" login codes to its console log: do not let it buffer.
os.environ.setdefault("PYTHONUNBUFFERED", "1")


def _login_code(url: str, email: str) -> str:
    """The code the server 'emailed' (console backend → the server's log)."""
    log = ROOT / "var" / f"asgi-{url.rsplit(':', 1)[1]}.log"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if f"To: {email}" in text:
            codes = re.findall(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", text.split(f"To: {email}")[-1], re.M)
            if codes:
                return codes[0]
        time.sleep(0.1)
    raise AssertionError("no login code in the server log")


DECODE_SVG = """async () => {
  const svg = document.querySelector('.qr-frame svg').cloneNode(true);
  svg.setAttribute('width', 400); svg.setAttribute('height', 400);
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg.outerHTML);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 400;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 400, 400); ctx.drawImage(img, 0, 0, 400, 400);
  const found = jsQR(ctx.getImageData(0, 0, 400, 400).data, 400, 400);
  return found && found.data;
}"""


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_liaison_registers_two_by_phone_and_organizer_approves(demo, live_asgi, phone, browser):
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    unit = conference.term.members.get(short_name="Bắc Giang")
    email = "lienlac.bac-giang@hoinghi.example"

    # The personal link from the invitation: login first, by emailed code.
    phone.goto(f"{live_asgi}/c/{CONFERENCE_2022}/unit/{unit.pk}/")
    phone.get_by_role("link", name="Gửi mã đăng nhập cho tôi").click()
    phone.locator("input[name=email]").fill(email)
    phone.locator("main form button[type=submit]").first.click()
    phone.locator("input[name=code]").fill(_login_code(live_asgi, email))
    phone.locator("main form button[type=submit]").first.click()
    phone.get_by_role("heading", name="Sở Nội vụ tỉnh Bắc Giang").wait_for()
    if not phone.url.endswith(f"/unit/{unit.pk}/"):
        phone.goto(f"{live_asgi}/c/{CONFERENCE_2022}/unit/{unit.pk}/")
    _shot(phone, "liaison-unit-360")

    for name, role, phone_number in [
        ("Ngô Thị Thu Trang", "Chuyên viên thi đua - khen thưởng", "0912 345 678"),
        ("Đặng Văn Quý", "Lãnh đạo Văn phòng", "+84 988 000 111"),
    ]:
        phone.get_by_label("Họ và tên").fill(name)
        phone.get_by_label("Vai trò").select_option(label=role)
        phone.get_by_label("Điện thoại").fill(phone_number)
        phone.get_by_role("button", name="Đăng ký", exact=True).click()
        phone.locator(".message-success").filter(has_text=name).wait_for()
    delegation = phone.locator("#delegation .delegate-name").all_inner_texts()
    assert "Ngô Thị Thu Trang" in delegation
    assert "Đặng Văn Quý" in delegation
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(phone, "liaison-after-360")

    # The organizer, on a desktop, approves the two pending registrations.
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    desk = context.new_page()
    desk.goto(f"{live_asgi}/accounts/login/")
    desk.get_by_label("Email").fill("tochuc@hoinghi.example")
    desk.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    desk.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    desk.get_by_role("heading", name="Hội nghị của tôi").wait_for()
    desk.goto(f"{live_asgi}/c/{CONFERENCE_2022}/delegates/?status=pending")
    assert sorted(desk.locator(".reg-name").all_inner_texts()) == [
        "Ngô Thị Thu Trang",
        "Đặng Văn Quý",
    ]
    _shot(desk, "organizer-list-1920")
    desk.get_by_label("Chọn tất cả đại biểu chờ duyệt").check()
    desk.get_by_role("button", name="Duyệt các đại biểu đã chọn").click()
    desk.locator(".message-success").filter(has_text="Đã duyệt 2 đại biểu.").wait_for()
    context.close()

    statuses = set(
        Registration.objects.filter(
            conference=conference, search_key__in=["ngo thi thu trang", "dang van quy"]
        ).values_list("status", flat=True)
    )
    assert statuses == {"approved"}
    phone.reload()
    assert phone.locator("#delegation .status-approved").count() == 7


def test_delegate_pass_on_a_phone(demo, live_asgi, phone):
    registration = Registration.objects.get(
        conference__slug=CONFERENCE_2022, search_key="nguyen quang dong"
    )
    phone.goto(f"{live_asgi}/pass/{registration.code}/")
    phone.get_by_role("heading", name="Nguyễn Quang Đông").wait_for()
    box = phone.locator(".qr-frame svg").bounding_box()
    assert box["width"] >= 250
    # The QR decodes (with the vendored jsQR) to the signed pass text, which
    # carries the pass code and its signature and nothing else.
    phone.add_script_tag(url=f"{live_asgi}/static/vendor/jsqr/jsQR.js")
    decoded = phone.evaluate(DECODE_SVG)
    assert decoded == pass_qr_payload(registration)
    assert parse_code(decoded) == registration.code
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(phone, "pass-360")
