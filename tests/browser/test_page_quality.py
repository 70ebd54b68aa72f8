"""Every page of every role's journey, at the role's screen size, checked by
``quality.Audit``: nothing from another host, no axe-core WCAG 2 A/AA
violation (labels, contrast, names), tap targets of at least 44 by 44 px on
the phone pages, under 100 KB transferred on the delegate's phone pages
(cache off: every page as if it were the first), and no server error.

The figures are printed (``-s``) so a change in weight shows in the log.
Screenshots go to var/screenshots/quality-<role>-<page>.png.
"""

from pathlib import Path

import pytest

from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from events.models import Conference
from tests.browser.quality import PHONE_PAGE_BUDGET, Audit

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
C = f"/c/{CONFERENCE_2022}"

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 1024, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}


def _context(browser, viewport):
    touch = viewport["width"] < 1100
    return browser.new_context(viewport=viewport, has_touch=touch, locale="vi-VN")


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def _walk(page, base: str, role: str, paths: list[str], *, phone=False, budget=None):
    """Visit each page, screenshot it, check it; returns (problems, figures)."""
    audit = Audit(page)
    statuses = []
    page.on("response", lambda r: statuses.append((r.status, r.url)))
    problems, figures = [], []
    for path in paths:
        statuses.clear()
        visit = audit.visit(base + path)
        name = "pass" if path.startswith("/pass/") else path.strip("/").replace("/", "_")
        name = name.replace(f"c_{CONFERENCE_2022}", "c") or "home"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"quality-{role}-{name}.png"), full_page=True)
        errors = [f"{status} {url}" for status, url in statuses if status >= 500]
        if errors:
            problems.append(f"{role} {path}: server error {errors}")
        try:
            audit.check(phone=phone, budget=budget)
        except AssertionError as error:
            problems.append(f"{role} {error}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            problems.append(f"{role} {path}: scrolls sideways ({width} px wide)")
        figures.append(f"{role:9} {visit.bytes / 1024:6.1f} KB  {path}")
    return problems, figures


def _journeys(live_asgi):
    """(role, login email or None, viewport, pages, phone?, byte budget)."""
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    unit = conference.term.members.get(short_name="Bắc Kạn")
    person = conference.registrations.filter(unit=unit).order_by("pk").first()
    delegate = conference.registrations.filter(status="approved").order_by("pk").first()
    return [
        (
            "organizer",
            "tochuc@hoinghi.example",
            LAPTOP,
            [
                "/",
                f"{C}/",
                f"{C}/delegates/",
                f"{C}/delegates/new/",
                f"{C}/delegates/settings/",
                f"{C}/delegates/files/",
                f"{C}/delegates/import/",
                f"{C}/liaisons/",
                f"{C}/staff/",
                f"{C}/agenda/edit/",
                f"{C}/checkin/",
                f"{C}/attendance/",
                f"{C}/activity/",
            ],
            False,
            None,
        ),
        ("visitor", None, PHONE, ["/accounts/login/", "/accounts/login/code/"], True, None),
        (
            "liaison",
            "lienlac.bac-kan@hoinghi.example",
            PHONE,
            [f"{C}/unit/{unit.pk}/", f"{C}/unit/{unit.pk}/{person.pk}/", f"{C}/", "/"],
            True,
            None,
        ),
        (
            "delegate",
            None,
            PHONE,
            [f"/pass/{delegate.code}/", f"{C}/agenda/", f"{C}/"],
            True,
            PHONE_PAGE_BUDGET,
        ),
        ("checkin", "checkin@hoinghi.example", PHONE, [f"{C}/checkin/scan/"], True, None),
        ("chair", "chutri@hoinghi.example", TABLET, [f"{C}/agenda/console/"], False, None),
        ("projector", "tochuc@hoinghi.example", PROJECTOR, [f"{C}/agenda/screen/"], False, None),
    ]


def test_every_page_of_every_journey_at_its_size(demo, live_asgi, browser):
    """One demo load for all roles (it is the slow part): each role in a
    context of its own, at its screen size, logged in as that role."""
    problems, figures = [], []
    for role, email, viewport, paths, phone, budget in _journeys(live_asgi):
        context = _context(browser, viewport)
        page = context.new_page()
        if email:
            _log_in(page, live_asgi, email)
        found, measured = _walk(page, live_asgi, role, paths, phone=phone, budget=budget)
        problems += found
        figures += measured
        context.close()
    print("\n" + "\n".join(figures))
    assert not problems, "\n".join(problems)


def test_the_audit_finds_what_it_looks_for(live_asgi, browser):
    """The checks can fail: an unlabelled field, faint text, a small button
    and a request to another host are each reported. (The pages' CSP would
    stop that request before it left: the policy is off for this test.)"""
    context = browser.new_context(viewport=PHONE, has_touch=True, bypass_csp=True)
    page = context.new_page()
    audit = Audit(page)
    audit.visit(f"{live_asgi}/accounts/login/")
    page.evaluate(
        """() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend',
        '<input id="bare"><p style="color:#ccc">faint</p><button id="tiny"'
        + ' style="width:20px;height:20px;padding:0">x</button>');
      fetch('http://localhost:9/nothing').catch(() => {});
    }"""
    )
    page.wait_for_timeout(300)
    with pytest.raises(AssertionError) as excinfo:
        audit.check(phone=True, budget=1000)
    report = str(excinfo.value)
    assert "axe label: Form elements must have labels" in report
    assert "axe color-contrast" in report
    assert 'tap target button#tiny "x" 20×20' in report
    assert "third-party host localhost:9" in report
    assert "bytes transferred, over 1000" in report
    context.close()
