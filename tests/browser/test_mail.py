"""Passes delivered: the share button at phone size (system share sheet or
copied link), the liaison's own unit's passes, and a bulk send watched on
its progress bar while a real worker sends to a real SMTP server."""

import subprocess
import sys
from pathlib import Path

from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from events.models import Conference, Delivery, Registration, StaffRole
from tests.browser.conftest import _server_env
from tests.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
PHONE = {"width": 360, "height": 740}
# A stand-in for the phone's share sheet: records what it was given.
FAKE_SHARE = "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _phone_context(browser, url, *, share=False):
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    if share:
        context.add_init_script(FAKE_SHARE)
    return context


def _login(page, url, email):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    page.wait_for_url(lambda u: "/accounts/login/" not in u)


def _a_delegate():
    return Registration.objects.filter(
        conference__slug=CONFERENCE_2022, status="approved", unit__isnull=False
    ).first()


def test_share_on_the_pass_copies_the_link_where_there_is_no_share_sheet(demo, live_asgi, browser):
    registration = _a_delegate()
    context = _phone_context(browser, live_asgi)
    page = context.new_page()
    page.goto(f"{live_asgi}/pass/{registration.code}/")
    button = page.get_by_role("button", name="Chia sẻ thẻ này")
    box = button.bounding_box()

    button.click()

    page.get_by_role("status").filter(has_text="Đã chép liên kết").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"{live_asgi}/pass/{registration.code}/"
    )
    assert box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "mail-pass-share-360")
    context.close()


def test_share_on_the_pass_opens_the_phone_share_sheet(demo, live_asgi, browser):
    registration = _a_delegate()
    context = _phone_context(browser, live_asgi, share=True)
    page = context.new_page()
    page.goto(f"{live_asgi}/pass/{registration.code}/")

    page.get_by_role("button", name="Chia sẻ thẻ này").click()

    page.wait_for_function("() => window.__shared !== undefined")
    shared = page.evaluate("window.__shared")
    assert shared["url"] == f"{live_asgi}/pass/{registration.code}/"
    assert registration.full_name in shared["title"]
    context.close()


def test_a_liaison_shares_the_passes_of_their_own_unit_on_a_phone(demo, live_asgi, browser):
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    membership = conference.memberships.filter(role=StaffRole.LIAISON).select_related("user")[0]
    approved = list(
        conference.registrations.filter(unit=membership.unit, status="approved").order_by(
            "sort_key"
        )
    )
    others = set(
        conference.registrations.exclude(unit=membership.unit).values_list("code", flat=True)
    )
    context = _phone_context(browser, live_asgi, share=True)
    page = context.new_page()
    _login(page, live_asgi, membership.user.email)
    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/unit/{membership.unit_id}/")

    buttons = page.locator("#delegation [data-share-url]")
    urls = buttons.evaluate_all("els => els.map(e => e.getAttribute('data-share-url'))")
    first = approved[0]
    page.get_by_role("button", name=f"Chia sẻ thẻ của {first.full_name}").click()
    page.wait_for_function("() => window.__shared !== undefined")

    assert sorted(urls) == sorted(f"/pass/{r.code}/" for r in approved)
    assert not {u.split("/")[2] for u in urls} & others
    assert page.evaluate("window.__shared.url") == f"{live_asgi}/pass/{first.code}/"
    assert all(b["height"] >= 44 for b in [buttons.nth(0).bounding_box()])
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "mail-liaison-share-360")
    context.close()


def test_organizer_sends_all_passes_and_watches_the_progress_bar(demo, live_asgi, browser):
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    bounced = _a_delegate()
    bounced.email = "bounce.test@hoinghi.example"
    bounced.save(update_fields=["email"])
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    _login(page, live_asgi, "tochuc@hoinghi.example")
    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/mail/")
    _shot(page, "mail-list-1366")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Gửi thẻ cho tất cả đại biểu đã duyệt").click()
    page.get_by_text("Đang gửi…").wait_for()
    assert page.locator("#mail-bar").get_attribute("value") == "0"
    _shot(page, "mail-progress-queued-1366")

    with SmtpSink() as sink:
        env = _server_env() | {"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        sent = len(sink.messages)

    # The page notices on its own: 100 %, then the final send log.
    page.locator("#deliveries .delivery-failed").wait_for(timeout=15000)
    deliveries = Delivery.objects.filter(mailing__conference=conference)
    assert questions == ["Gửi các email này ngay bây giờ?"]
    assert sent == deliveries.filter(status="sent").count() > 0
    assert page.locator("#mail-percent").inner_text() == "100%"
    assert page.locator("#count-sent").inner_text() == str(sent)
    failed_row = page.locator("#deliveries .delivery-failed")
    assert "bounce.test@hoinghi.example" in failed_row.inner_text()
    assert "550 5.1.1" in failed_row.inner_text()
    assert page.get_by_role("button", name="Gửi lại 1 email bị lỗi").is_visible()
    _shot(page, "mail-progress-done-1366")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "mail-progress-done-360")
    context.close()


def test_the_copied_link_notice_does_not_split_a_delegates_buttons(demo, live_asgi, browser):
    """On a phone without a share sheet the liaison's "Share" copies the link
    and says so under the delegate's buttons; "Edit" stays with the others."""
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    membership = conference.memberships.filter(role=StaffRole.LIAISON).select_related("user")[0]
    first = (
        conference.registrations.filter(unit=membership.unit, status="approved")
        .order_by("sort_key")
        .first()
    )
    context = _phone_context(browser, live_asgi)
    page = context.new_page()
    _login(page, live_asgi, membership.user.email)
    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/unit/{membership.unit_id}/")
    share = page.get_by_role("button", name=f"Chia sẻ thẻ của {first.full_name}")
    row = page.locator("#delegation .delegate").filter(has=share)

    share.click()
    notice = row.get_by_role("status").filter(has_text="Đã chép liên kết")
    notice.wait_for()

    assert page.evaluate("navigator.clipboard.readText()") == f"{live_asgi}/pass/{first.code}/"
    edit = row.get_by_role("link", name=f"Sửa {first.full_name}").bounding_box()
    assert edit["y"] + edit["height"] <= notice.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "mail-liaison-copied-360")
    context.close()
