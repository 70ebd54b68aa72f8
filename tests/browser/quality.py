"""What every page of a journey is checked for, in one place.

``Audit(page)`` watches a Playwright page through the Chrome DevTools
Protocol (CDP): with the browser cache off, each ``visit`` counts the bytes
that crossed the network for that page (encoded, as a phone on mobile data
pays for them: headers and compressed bodies, sockets excluded) and every
host they came from. Then, on the loaded page:

- ``tap_targets_too_small``: visible interactive elements smaller than
  44 by 44 CSS px (WCAG 2.5.5). Links inside a sentence are exempt, as the
  criterion allows; a checkbox counts with its label (the label is what a
  finger taps).
- ``axe_violations``: axe-core (vendored in ``vendor/axe-core``, MPL-2.0,
  a test tool that is never served to users) run with the ``wcag2a`` and
  ``wcag2aa`` rules. It is evaluated through CDP, which the page's Content
  Security Policy does not govern, so the page is tested as it is served.

Each check returns readable lines; ``Audit.check`` raises one
AssertionError listing every problem of the page at once.
"""

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
MIN_TAP = 44
PHONE_PAGE_BUDGET = 100 * 1024  # bytes transferred, the delegate's phone pages

TAP_TARGETS = """(min) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [role=link], [tabindex]:not([tabindex="-1"])';
  const out = [];
  const vw = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[hidden], [inert], [aria-hidden=true]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    let rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    if (rect.right <= 0 || rect.left >= vw) continue;  // off-screen (skip link)
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = el.labels && el.labels[0];
      const box = (label && label.closest('.field-checkbox')) || label;
      if (box) {
        const l = box.getBoundingClientRect();
        rect = {width: Math.max(rect.width, l.width), height: Math.max(rect.height, l.height)};
      }
    }
    if (el.tagName === 'A' && style.display === 'inline') {
      // A link inside a sentence: its block holds more text than the link.
      const block = el.closest('p, li, td, dd, span, small, label, figcaption');
      if (block && block.textContent.trim().length > el.textContent.trim().length + 2) continue;
    }
    if (rect.width + 0.5 < min || rect.height + 0.5 < min) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 40);
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${name}" `
        + `${Math.round(rect.width)}×${Math.round(rect.height)}`);
    }
  }
  return out;
}"""

RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — '
      + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)),
  }));
}"""


@dataclass
class Visit:
    url: str
    bytes: int = 0
    hosts: set[str] = field(default_factory=set)
    requests: list[tuple[str, int]] = field(default_factory=list)


class Audit:
    """Watches one page; ``visit`` loads a URL and measures it."""

    def __init__(self, page):
        self.page = page
        self.allowed_host = None
        self.visits: list[Visit] = []
        self._current: Visit | None = None
        self._urls: dict[str, str] = {}
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        self._urls[event["requestId"]] = event["request"]["url"]
        if self._current is not None:
            host = urlsplit(event["request"]["url"]).netloc
            if host:
                self._current.hosts.add(host)

    def _finished(self, event) -> None:
        if self._current is None:
            return
        size = int(event.get("encodedDataLength", 0))
        self._current.bytes += size
        self._current.requests.append((self._urls.get(event["requestId"], "?"), size))

    def visit(self, url: str, *, wait: str = "load") -> Visit:
        """Load ``url`` (or follow the click the caller makes: pass None)."""
        self.allowed_host = urlsplit(url).netloc if url else self.allowed_host
        self._current = Visit(url=url)
        self.visits.append(self._current)
        self.page.goto(url, wait_until=wait)
        self.settle()
        return self._current

    def start(self, label: str) -> Visit:
        """Count what follows (a form submit, a click) as a page of its own."""
        self._current = Visit(url=label)
        self.visits.append(self._current)
        return self._current

    def settle(self) -> None:
        # A live page keeps a socket open and may never be "idle": enough.
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_load_state("networkidle", timeout=5000)

    # The checks: each returns a list of readable problems.

    def third_party_hosts(self, visit: Visit | None = None) -> list[str]:
        visit = visit or self._current
        return sorted(h for h in visit.hosts if h != self.allowed_host)

    def tap_targets_too_small(self) -> list[str]:
        return self.page.evaluate(TAP_TARGETS, MIN_TAP)

    def axe_violations(self) -> list[str]:
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.cdp.send(
                "Runtime.evaluate", {"expression": AXE.read_text(encoding="utf-8") + "\n;0"}
            )
        lines = []
        for violation in self.page.evaluate(RUN_AXE):
            lines.append(f"axe {violation['id']}: {violation['help']}")
            lines += [f"    {node}" for node in violation["nodes"]]
        return lines

    def check(self, *, phone: bool = False, budget: int | None = None) -> Visit:
        """All checks of the page as it is now; one error listing every problem."""
        visit = self._current
        problems = [f"third-party host {h}" for h in self.third_party_hosts(visit)]
        if budget is not None and visit.bytes > budget:
            heaviest = sorted(visit.requests, key=lambda r: -r[1])[:5]
            problems.append(
                f"{visit.bytes} bytes transferred, over {budget}: "
                + ", ".join(f"{urlsplit(u).path} {n}" for u, n in heaviest)
            )
        if phone:
            problems += [f"tap target {t}" for t in self.tap_targets_too_small()]
        problems += self.axe_violations()
        if problems:
            raise AssertionError(
                f"{self.page.url} ({visit.bytes} bytes):\n  " + "\n  ".join(problems)
            )
        return visit
