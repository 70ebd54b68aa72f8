"""The site header (templates/base.html, static/css/app.css) on one line
from a 320 px phone to a 1366 px laptop, logged out and in, in Vietnamese
and English: "Đăng nhập" used to wrap onto two lines at 360 px."""

from tests.browser.test_checkin import log_in

WIDTHS = (320, 360, 768, 1366)

# Each header control's height and line count, the header's height and
# whether the page scrolls sideways.
MEASURE_JS = """() => {
  const lines = el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };
  const controls = [...document.querySelectorAll(
    '.site-header .brand, .site-header .header-nav > a, .site-header summary,'
    + ' .site-header .header-button, .site-header .lang-switch button')]
    .filter(el => el.offsetParent !== null)
    .map(el => ({text: el.textContent.trim(), lines: lines(el),
                 height: Math.round(el.getBoundingClientRect().height)}));
  return {controls,
          header: Math.round(document.querySelector('.site-header').getBoundingClientRect().height),
          overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


def _header_at(page, url, width):
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(f"{url}/")
    return page.evaluate(MEASURE_JS)


def test_header_stays_on_one_line_from_phone_to_laptop(demo, live_asgi, browser):
    for logged_in in (False, True):
        context = browser.new_context(viewport={"width": 360, "height": 700}, locale="vi-VN")
        page = context.new_page()
        if logged_in:
            log_in(page, live_asgi, "checkin@hoinghi.example")
        for language, login_text in (("vi", "Đăng nhập"), ("en", "Log in")):
            page.goto(f"{live_asgi}/")
            if language == "en":
                page.locator(".lang-switch button", has_text="EN").click()
                page.locator("html[lang='en']").wait_for()
            state = f"{'in' if logged_in else 'out'}-{language}"
            for width in WIDTHS:
                measured = _header_at(page, live_asgi, width)
                texts = [c["text"] for c in measured["controls"]]
                assert (state, width, "Hội nghị" in texts) == (state, width, True)
                if not logged_in:
                    assert (state, width, login_text in texts) == (state, width, True)
                wrapped = [c for c in measured["controls"] if c["lines"] > 1 or c["height"] > 48]
                assert (state, width, wrapped) == (state, width, [])
                assert (state, width, measured["header"], measured["overflow"]) == (
                    state,
                    width,
                    60,
                    0,
                )
                page.locator(".site-header").screenshot(
                    path=f"var/screens/header-{state}-{width}.png"
                )
        context.close()
