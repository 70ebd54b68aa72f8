"""The organizer's invitations page in a real browser, at the four sizes it
is used at; the per-unit preview serves the unit's letter as a PDF."""

from pathlib import Path

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
SMALL_TARGETS = """() => [...document.querySelectorAll('main a.btn, main button')]
  .filter(el => el.offsetParent && el.getBoundingClientRect().height < 44).length"""
FETCH_PREVIEW = """async () => {
  const a = document.querySelector('a[href$=".pdf"][href*="/invitations/u"]');
  const response = await fetch(a.href, {credentials: 'same-origin'});
  const head = new Uint8Array(await response.arrayBuffer()).slice(0, 5);
  return [response.headers.get('content-type'), String.fromCharCode(...head)];
}"""


def test_invitations_page_at_each_size_and_a_preview(demo, live_asgi, browser):
    for size, (width, height) in SIZES.items():
        page = new_page(browser, width, height)
        log_in(page, live_asgi, "tochuc@hoinghi.example")
        page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/")
        page.get_by_role("link", name="Giấy mời").first.click()
        page.get_by_role("heading", name="Giấy mời", exact=True).wait_for()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"invitations-{size}-{width}.png"), full_page=True)

        rows = page.locator(".invitation-table tbody tr")
        assert rows.count() == 9  # seven member units and two guest organisations
        assert "lienlac.bac-giang@hoinghi.example" in rows.first.inner_text()
        assert page.get_by_role("link", name="Toàn bộ giấy mời (một tệp PDF)").is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, size
        assert page.evaluate(SMALL_TARGETS) == 0, size
        if size == "laptop":
            assert page.evaluate(FETCH_PREVIEW) == ["application/pdf", "%PDF-"]
        page.context.close()
