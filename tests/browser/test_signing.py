"""The signing ceremony in real browsers: a phone signs through its own
one-time link (login by emailed code, read from the server's console log),
a second signatory signs on the kiosk tablet (paired without a login, unlocked
from the chair's console), the projector fills in live,
the chair seals and the verification page accepts the downloaded PDF."""

import io
import os
import re
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from signing.audit import RequestMeta
from signing.models import Ceremony
from signing.sealing import create_certificate
from tests.browser.conftest import start_asgi_server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _in_thread(function, *args):
    """Run ``function`` in a plain thread: services broadcast through
    ``async_to_sync``, which refuses the thread where Playwright's loop runs."""
    errors = []

    def run():
        try:
            function(*args)
        except Exception as error:
            errors.append(error)
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture
def demo_data(transactional_db):
    """The demo data set."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def signing_server(demo_data, tmp_path):
    """daphne on the test database with a development seal in a temp dir."""
    create_certificate(
        key_path=tmp_path / "key.pem",
        cert_path=tmp_path / "cert.pem",
        common_name="Browser test seal",
        organization="Hội nghị tests",
    )
    env = {
        "SIGNING_KEY_PATH": str(tmp_path / "key.pem"),
        "SIGNING_CERT_PATH": str(tmp_path / "cert.pem"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        process, url = start_asgi_server()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    port = url.rsplit(":", 1)[-1]
    log = Path(__file__).resolve().parents[2] / "var" / f"asgi-{port}.log"
    yield url, log
    process.terminate()
    process.wait(timeout=10)


def _login_code(log: Path, email: str, timeout: float = 10) -> str:
    """The code allauth emailed to ``email`` (the console backend writes to the log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        start = text.rfind(f"To: {email}")
        if start != -1:
            match = re.search(r"^([A-Z0-9]{3,6}(?:-[A-Z0-9]{3,6})*)\s*$", text[start:], re.M)
            if match:
                return match[1]
        time.sleep(0.2)
    raise AssertionError(f"no login code for {email} in {log}")


def _draw(page):
    pad = page.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    for offset in (0.0, 0.15, 0.3):
        page.mouse.move(x + w * 0.1, y + h * (0.7 - offset))
        page.mouse.down()
        for step in range(1, 12):
            page.mouse.move(
                x + w * (0.1 + 0.07 * step), y + h * (0.3 + 0.35 * (step % 2) - offset / 2)
            )
        page.mouse.up()


def _sign_here(page):
    # "I have read" opens once the end of the text has been on screen.
    page.locator("[data-covenant-end]").scroll_into_view_if_needed()
    page.wait_for_function("() => document.getElementById('sign-form').dataset.read === 'yes'")
    _draw(page)
    page.get_by_label("Tôi đã đọc nội dung giao ước trên và ký thay mặt đơn vị.").check()
    page.get_by_role("button", name="Xác nhận chữ ký").click()


def test_two_signatories_sign_projector_fills_in_chair_seals_verify_accepts(
    signing_server, browser, phone, tmp_path
):
    url, log = signing_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ceremony = Ceremony.objects.get(covenant__conference__slug=CONFERENCE_2022)
    signatories = list(ceremony.signatories.order_by("position").select_related("unit"))
    bac_giang, bac_kan = signatories[0], signatories[1]

    wide = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    projector = wide.new_page()
    projector.goto(f"{url}/c/{CONFERENCE_2022}/signing/screen/")
    projector.wait_for_function("() => document.body.dataset.live === 'on'")
    projector.evaluate("window.__sameDocument = true")
    count = projector.get_by_test_id("count")
    assert count.inner_text() == "Đã ký 0/7"

    chair = wide.new_page()
    chair.goto(f"{url}/accounts/login/")
    chair.get_by_label("Email").fill("chutri@hoinghi.example")
    chair.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    chair.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    # Open, seal: irreversible, the console asks first (data-confirm).
    questions = []
    chair.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    chair.goto(f"{url}/c/{CONFERENCE_2022}/signing/")
    chair.get_by_role("button", name="Mở ký").click()
    chair.get_by_text("Đã mở ký. Nội dung giao ước đã được khóa.").wait_for()
    chair.screenshot(path=SCREENSHOTS / "console-1920.png", full_page=True)
    chair.set_viewport_size({"width": 360, "height": 740})
    chair.screenshot(path=SCREENSHOTS / "console-360.png", full_page=True)
    assert chair.evaluate("document.documentElement.scrollWidth") <= 360
    chair.set_viewport_size({"width": 1920, "height": 1080})
    ceremony.refresh_from_db()

    # 1. Bắc Giang signs on his own phone: QR link on the chair's screen.
    row = chair.locator(f'[data-signatory="{bac_giang.pk}"]')
    row.get_by_role("button", name="Hiện mã QR").click()
    link = chair.get_by_test_id("signing-link").inner_text()
    assert link.startswith(f"{url}/sign/")

    phone.goto(link)
    # The link's own page: one tap sends the code to the signatory's address.
    phone.get_by_role("button", name=re.compile("Gửi mã đăng nhập tới")).click()
    phone.get_by_label(re.compile("Mã|Code", re.I)).first.fill(_login_code(log, bac_giang.email))
    phone.get_by_role("button", name=re.compile("Đăng nhập|Sign In|Xác nhận", re.I)).first.click()
    phone.get_by_test_id("signer-name").wait_for()
    assert phone.get_by_test_id("signer-name").inner_text() == "Nguyễn Quang Đông"
    assert phone.get_by_test_id("text-hash").inner_text() == ceremony.text_sha256
    phone.screenshot(path=SCREENSHOTS / "sign-phone-360.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _sign_here(phone)
    phone.get_by_role("heading", name="Cảm ơn đồng chí, chữ ký đã được ghi nhận.").wait_for()

    # The public projector shows "signed ✓", never the handwriting itself.
    cell = projector.locator(f'[data-cell="{bac_giang.pk}"]')
    cell.locator(".cell-signed").wait_for()
    assert cell.locator("img").count() == 0
    assert count.inner_text() == "Đã ký 1/7"

    # 2. Bắc Kạn signs on the kiosk tablet: paired in its own browser with no
    #    login, unlocked for him from the chair's console only.
    chair.goto(f"{url}/c/{CONFERENCE_2022}/signing/")
    chair.locator(".kiosk-pair-form input[name=name]").fill("Máy ký sân khấu")
    chair.locator(".kiosk-pair-form button[type=submit]").click()
    pairing_url = chair.get_by_test_id("kiosk-pairing-url").inner_text().strip()
    assert pairing_url.startswith(f"{url}/kiosk/pair/")

    tablet = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    kiosk = tablet.new_page()
    kiosk.goto(f"{url}/kiosk/")
    kiosk.get_by_test_id("kiosk-unpaired").wait_for()
    kiosk.goto(pairing_url)
    kiosk.locator("form button[type=submit]").click()
    kiosk.wait_for_url(f"{url}/kiosk/")
    assert kiosk.get_by_test_id("kiosk-state").inner_text() == "Máy ký đang khóa"
    html = kiosk.content()
    assert "Lê Văn Hội" not in html and "site-header" not in html
    assert kiosk.locator("form").count() == 0  # nothing on the tablet unlocks it
    assert not [c for c in tablet.cookies() if c["name"] == "sessionid"]

    chair.goto(f"{url}/c/{CONFERENCE_2022}/signing/")
    chair.locator(f'[data-signatory="{bac_kan.pk}"] .kiosk-unlock button').click()
    chair.get_by_test_id("kiosk-live").wait_for()
    # The tablet picks the unlock up by itself (no reload by hand).
    kiosk.get_by_test_id("signer-name").wait_for(timeout=10_000)
    assert kiosk.get_by_test_id("signer-name").inner_text() == "Lê Văn Hội"
    kiosk.screenshot(path=SCREENSHOTS / "kiosk-1920.png", full_page=True)
    _sign_here(kiosk)
    kiosk.get_by_test_id("kiosk-state").wait_for()
    assert "Cảm ơn đồng chí Lê Văn Hội" in kiosk.content()
    signed_event = ceremony.audit_events.filter(kind="signed", signatory=bac_kan).get()
    device = ceremony.kiosk_devices.get()
    assert signed_event.user is None
    assert signed_event.detail_display.startswith(
        f"kiosk #{device.pk} «Máy ký sân khấu»; chủ tọa chutri@hoinghi.example mở khóa"
    )

    projector.locator(f'[data-cell="{bac_kan.pk}"] .cell-signed').wait_for()
    assert count.inner_text() == "Đã ký 2/7"
    assert projector.evaluate("window.__sameDocument") is True  # no reload
    projector.screenshot(path=SCREENSHOTS / "projector-1920.png")

    # 3. The other five sign on the kiosk too (set up directly, not the subject here).
    from tests.signing.conftest import sign_by_kiosk, signature_png

    meta = RequestMeta(user=None, ip="127.0.0.1", user_agent="test setup")
    for signatory in signatories[2:]:
        _in_thread(sign_by_kiosk, ceremony, signatory, signature_png(), meta)

    # 4. The chair seals; the projector says so without reloading.
    chair.goto(f"{url}/c/{CONFERENCE_2022}/signing/")
    chair.get_by_role("button", name="Niêm phong giao ước").click()
    chair.get_by_text("Đã niêm phong. Bản PDF có chữ ký đã sẵn sàng.").wait_for()
    assert [q.startswith(("Mở ký?", "Niêm phong giao ước?")) for q in questions] == [True, True]
    projector.reload()
    assert projector.get_by_test_id("count").inner_text() == "Đã ký 7/7"

    with chair.expect_download() as download_info:
        chair.get_by_test_id("download-pdf").click()
    pdf_path = tmp_path / "covenant.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")

    # 5. Anyone can check the copy on the public verification page.
    ceremony.refresh_from_db()
    check = phone.context.browser.new_page(viewport={"width": 360, "height": 740})
    check.goto(f"{url}/verify/{ceremony.public_id}/")
    check.get_by_label("Tệp PDF cần kiểm tra").set_input_files(pdf_path)
    check.get_by_role("button", name="Kiểm tra", exact=True).click()
    result = check.get_by_test_id("verify-result")
    result.wait_for()
    assert "Trùng khớp từng byte với bản gốc đã niêm phong." in result.inner_text()
    assert "Đây là giao ước đã niêm phong của lễ ký này" in result.inner_text()
    check.screenshot(path=SCREENSHOTS / "verify-360.png", full_page=True)
    check.close()
    tablet.close()
    wide.close()
