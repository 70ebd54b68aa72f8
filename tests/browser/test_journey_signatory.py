"""The signatory's journey on a phone (360x740): from the emailed signing link
to a signed covenant. The link lands on a page that names them and the
covenant and sends the login code with one tap; the covenant reads as the
page itself, and "I have read" opens only once its end has been on screen.

Screenshots go to var/screenshots/ (not committed) to be looked at."""

import re
import threading
from pathlib import Path

from django.core import mail

from events.demo import CONFERENCE_2022
from signing.models import Ceremony
from signing.services import ceremony_open, link_issue
from tests.browser.test_signing import _draw, _login_code

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _in_thread(function, **kwargs):
    """Services broadcast through ``async_to_sync``, which refuses the thread
    where Playwright's loop runs."""
    result, errors = [], []

    def run():
        from django.db import connection

        try:
            result.append(function(**kwargs))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


def test_signatory_signs_on_a_phone_from_the_emailed_link(demo, live_asgi, phone):
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = Path(__file__).resolve().parents[2] / "var" / f"asgi-{live_asgi.rsplit(':', 1)[1]}.log"
    ceremony = Ceremony.objects.get(covenant__conference__slug=CONFERENCE_2022)
    _in_thread(ceremony_open, ceremony=ceremony)
    bac_kan = ceremony.signatories.select_related("unit").order_by("position")[1]
    mail.outbox.clear()
    _in_thread(link_issue, signatory=bac_kan, send=True, base_url=live_asgi)
    link = re.search(r"http://\S+/sign/\S+/", mail.outbox[-1].body)[0]

    # 1. The link names its holder and the covenant; one button sends the code.
    phone.goto(link)
    assert phone.get_by_test_id("landing-greeting").inner_text() == (
        "Đồng chí Lê Văn Hội, Giám đốc Sở Nội vụ tỉnh Bắc Kạn"
    )
    assert (
        phone.get_by_test_id("landing-covenant")
        .inner_text()
        .startswith("Giao ước thi đua năm 2022 của Cụm thi đua")
    )
    assert phone.get_by_test_id("masked-email").inner_text() == "c***@h***.example"
    assert bac_kan.email not in phone.content()
    assert phone.locator("main input:not([type=hidden])").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=SHOTS / "signatory-1-landing.png")
    phone.get_by_role("button", name="Gửi mã đăng nhập tới c***@h***.example").click()

    # 2. The code, from the email, on allauth's page (the address still masked).
    phone.get_by_text("Mã đăng nhập đã được gửi tới c***@h***.example.").wait_for()
    assert bac_kan.email not in phone.content()
    phone.screenshot(path=SHOTS / "signatory-2-code.png")
    phone.get_by_label(re.compile("Mã", re.I)).first.fill(_login_code(log, bac_kan.email))
    phone.get_by_role("button", name=re.compile("Xác nhận", re.I)).first.click()

    # 3. The covenant reads as the page; no inner box cuts it off.
    phone.get_by_test_id("signer-name").wait_for()
    assert phone.get_by_test_id("signer-name").inner_text() == "Lê Văn Hội"
    text = phone.locator("article.covenant-text")
    assert text.evaluate("node => getComputedStyle(node).overflowY") == "visible"
    assert text.evaluate("node => node.scrollHeight <= node.clientHeight + 1")
    consent = phone.get_by_label("Tôi đã đọc nội dung giao ước trên và ký thay mặt đơn vị.")
    assert consent.is_disabled()
    assert phone.locator("[data-read-hint]").is_visible()
    phone.screenshot(path=SHOTS / "signatory-3-reading.png")
    phone.mouse.wheel(0, 1500)
    phone.screenshot(path=SHOTS / "signatory-4-reading-on.png")
    end = phone.locator("[data-covenant-end]")
    end.scroll_into_view_if_needed()
    phone.wait_for_function("() => document.getElementById('sign-form').dataset.read === 'yes'")
    assert consent.is_enabled()
    # The pad comes after the end of the text.
    pad_top = phone.locator("#signature-pad").bounding_box()["y"]
    assert pad_top > end.bounding_box()["y"]

    # 4. Sign and confirm.
    _draw(phone)
    consent.check()
    phone.screenshot(path=SHOTS / "signatory-5-signed-pad.png")
    phone.get_by_role("button", name="Xác nhận chữ ký").click()
    phone.get_by_role("heading", name="Cảm ơn đồng chí, chữ ký đã được ghi nhận.").wait_for()
    phone.screenshot(path=SHOTS / "signatory-6-thanks.png", full_page=True)
    bac_kan.refresh_from_db()
    assert (bac_kan.has_signed, bac_kan.mode) == (True, "phone")
