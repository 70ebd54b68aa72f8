"""The Content Security Policy in a real browser (issue #10, item 16): the key
pages load, their scripts run (live sockets connect, the pairing page hands
over to the scanner, the signing pad submits) and Chromium reports no
violation of the policy on any of them."""

from events.demo import CONFERENCE_2022, CONFERENCE_2026, DEMO_PASSWORD
from events.models import Conference
from signing.models import Ceremony
from tests.browser.test_signing import _sign_here, demo_data, signing_server  # noqa: F401

C = f"/c/{CONFERENCE_2022}"

REPORTER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


class Watched:
    """A browser context whose pages report CSP violations and console CSP errors."""

    def __init__(self, browser, **options):
        self.violations: list[str] = []
        self.context = browser.new_context(locale="vi-VN", **options)
        self.context.expose_function("__cspViolation", self._report)
        self.context.add_init_script(REPORTER)
        self.page = self.context.new_page()
        self.page.on("console", self._console)

    def _report(self, text: str) -> None:
        self.violations.append(text)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(f"console: {message.text}")

    def visit(self, base: str, path: str):
        self.page.goto(base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def log_in(self, base: str, email: str):
        self.visit(base, "/accounts/login/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
        self.page.get_by_role("heading", name="Hội nghị của tôi").wait_for()


def test_key_pages_run_their_scripts_without_csp_violations(signing_server, browser):  # noqa: F811
    url, _log = signing_server
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    unit = conference.term.chair
    signatory = Ceremony.objects.get(covenant__conference=conference).signatories.get(
        full_name="Lê Văn Hội"
    )

    organizer = Watched(browser, viewport={"width": 1280, "height": 900})
    organizer.log_in(url, "tochuc@hoinghi.example")
    for path in ["/", f"{C}/", f"{C}/agenda/edit/", f"{C}/checkin/", f"{C}/checkin/entrance/"]:
        organizer.visit(url, path)
    organizer.visit(url, f"{C}/liaisons/{unit.pk}/card/")
    page = organizer.visit(url, f"/c/{CONFERENCE_2026}/delegates/")  # one pending
    page.locator("#select-all").check()
    boxes = page.locator('#bulk-form input[name="ids"]')
    assert boxes.count() >= 1
    assert all(boxes.nth(n).is_checked() for n in range(boxes.count()))
    page = organizer.visit(url, f"{C}/attendance/")
    page.locator("[data-ws-url]").first.wait_for(state="attached")
    organizer.visit(url, f"{C}/attendance/?screen=1")
    organizer.visit(url, f"{C}/checkin/scan/")

    # Pairing a phone: paired.html stores the token and opens the scanner.
    page = organizer.visit(url, f"{C}/checkin/")
    page.get_by_label("Tên").fill("Cổng CSP")
    page.get_by_role("button", name="Tạo và hiện mã ghép").click()
    pairing_url = page.locator(".pairing .break").inner_text().strip()
    phone = Watched(browser, viewport={"width": 360, "height": 740}, has_touch=True)
    phone.page.goto(pairing_url)
    phone.page.get_by_role("button", name="Ghép và mở màn hình quét").click()
    phone.page.wait_for_url(f"{url}/scanner/")
    phone.page.locator("#scanner-list-name", has_text="Cổng CSP").wait_for()

    # The chair's live pages connect their websockets under connect-src.
    chair = Watched(browser, viewport={"width": 1280, "height": 900})
    chair.log_in(url, "chutri@hoinghi.example")
    for path in [f"{C}/agenda/", f"{C}/agenda/console/", f"{C}/agenda/screen/"]:
        chair.visit(url, path).locator("[data-live-status=live]").first.wait_for()
    page = chair.visit(url, f"{C}/signing/")
    page.once("dialog", lambda dialog: dialog.accept())  # "Open signing?" confirmation
    page.get_by_role("button", name="Mở ký").click()
    page.get_by_text("Đã mở ký. Nội dung giao ước đã được khóa.").wait_for()
    chair.visit(url, f"{C}/signing/screen/").wait_for_function(
        "() => document.body.dataset.live === 'on'"
    )

    # The kiosk: paired in its own context without a login, unlocked from the
    # console; its polling script and the signing pad run under the policy.
    page = chair.visit(url, f"{C}/signing/")
    page.locator(".kiosk-pair-form input[name=name]").fill("Máy ký CSP")
    page.locator(".kiosk-pair-form button[type=submit]").click()
    pairing_url = page.get_by_test_id("kiosk-pairing-url").inner_text().strip()
    tablet = Watched(browser, viewport={"width": 1024, "height": 768}, has_touch=True)
    tablet.page.goto(pairing_url)
    tablet.page.locator("form button[type=submit]").click()
    tablet.page.wait_for_url(f"{url}/kiosk/")
    page = chair.visit(url, f"{C}/signing/")
    page.locator(f'[data-signatory="{signatory.pk}"] .kiosk-unlock button').click()
    page.get_by_test_id("kiosk-live").wait_for()
    kiosk = tablet.page
    kiosk.get_by_test_id("signer-name").wait_for(timeout=10_000)
    _sign_here(kiosk)
    kiosk.get_by_test_id("kiosk-state").wait_for()
    assert "Cảm ơn đồng chí Lê Văn Hội" in kiosk.content()

    violations = organizer.violations + phone.violations + chair.violations + tablet.violations
    for watched in (organizer, phone, chair, tablet):
        watched.context.close()
    assert violations == []
