"""static/js/pass-signature.js on the shared vectors, in Chromium.

The page is served by Playwright's router from the source tree, under an
https origin (a secure context: WebCrypto's Ed25519) and an http one (no
crypto.subtle, as on a venue LAN: the vendored TweetNaCl), with the site's
CSP, so the module runs as it does on the scanner page. The Python side
checks the same file in tests/events/test_pass_signing.py.
"""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "data" / "pass_signature_vectors.json").read_text())
PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>t</title>
<script src="/static/js/pass-signature.js"
        data-nacl="/static/vendor/tweetnacl/nacl.min.js"></script></head><body></body></html>"""
CSP = "default-src 'self'; script-src 'self'; object-src 'none'"

RUN = """async (vectors) => {
  const keys = vectors.keys.map(k => ({kid: k.kid, public_key: k.public_key, retired: k.retired}));
  const parsed = vectors.parse.map(v => HoiNghiPass.parse(v.text));
  const verified = [];
  for (const v of vectors.verify) {
    verified.push(await HoiNghiPass.verify(HoiNghiPass.parse(v.text), keys, v.conference_id));
  }
  return {parsed, verified, secure: window.isSecureContext, nacl: typeof window.nacl};
}"""


def _serve(route):
    path = route.request.url.split("/", 3)[3].split("?")[0]
    headers = {"Content-Security-Policy": CSP}
    if path.startswith("static/"):
        file = ROOT / path
        if file.is_file() and ROOT in file.resolve().parents:
            headers["Content-Type"] = "text/javascript"
            return route.fulfill(status=200, headers=headers, body=file.read_bytes())
        return route.fulfill(status=404, body="")
    headers["Content-Type"] = "text/html; charset=utf-8"
    return route.fulfill(status=200, headers=headers, body=PAGE)


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(origin):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.route(f"{origin}/**", _serve)
        page.goto(f"{origin}/")
        page.wait_for_function("() => window.HoiNghiPass !== undefined")
        return page, errors

    yield open_page
    for context in contexts:
        context.close()


def _expected():
    return [v["expected"] for v in VECTORS["parse"]], [v["valid"] for v in VECTORS["verify"]]


def test_js_verifier_agrees_with_vectors_using_webcrypto(page_at):
    page, errors = page_at("https://hoinghi.test")

    got = page.evaluate(RUN, VECTORS)

    parsed, verified = _expected()
    assert got["secure"] is True
    assert got["parsed"] == parsed
    assert got["verified"] == verified
    assert got["nacl"] == "undefined"  # WebCrypto did it; the fallback was never fetched
    assert errors == []


def test_js_verifier_agrees_with_vectors_without_webcrypto(page_at):
    """http:// on a LAN address is no secure context: crypto.subtle is absent."""
    page, errors = page_at("http://hoinghi.test")

    got = page.evaluate(RUN, VECTORS)

    parsed, verified = _expected()
    assert got["secure"] is False
    assert got["parsed"] == parsed
    assert got["verified"] == verified
    assert got["nacl"] == "object"
    assert errors == []
