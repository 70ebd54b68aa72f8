"""The organizer's invitations page in a real browser, at the four sizes it
is used at; the per-unit preview opens the unit's letter as a PDF."""

from pathlib import Path

import pytest

from events.demo import CONFERENCE_2022
from tests.browser.test_agenda import log_in, new_page

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
SIZES = {
    "phone": (360, 740),
    "tablet": (1024, 768),
    "laptop": (1366, 768),
    "projector": (1920, 1080),
}


@pytest.mark.parametrize("size", SIZES)
def test_invitations_page_at_each_size(demo, live_asgi, browser, size):
    width, height = SIZES[size]
    page = new_page(browser, width, height)
    log_in(page, live_asgi, "tochuc@hoinghi.example")

    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/")
    page.get_by_role("link", name="Giấy mời").first.click()
    page.get_by_role("heading", name="Giấy mời", exact=True).wait_for()

    rows = page.locator(".invitation-table tbody tr")
    assert rows.count() == 9  # seven member units and two guest organisations
    assert "lienlac.bac-giang@hoinghi.example" in rows.first.inner_text()
    assert page.get_by_role("link", name="Toàn bộ giấy mời (một tệp PDF)").is_visible()
    # No sideways scrolling of the page itself on a phone (the table scrolls in its box).
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a.btn, main button')]
             .filter(el => el.offsetParent && el.getBoundingClientRect().height < 44).length"""
    )
    assert small == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"invitations-{size}-{width}.png"), full_page=True)

    with page.expect_response(
        lambda r: r.url.endswith(".pdf") and "/invitations/u" in r.url
    ) as info:
        page.evaluate(
            '() => { const a = document.querySelector(\'a[href$=".pdf"][href*="/invitations/u"]\');'
            " fetch(a.href, {credentials: 'same-origin'}); }"
        )
    response = info.value
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    page.context.close()
