"""static/js/socket.js, the live pages' one reconnect policy, in Chromium.

The browser's WebSocket, setTimeout and clock are replaced by fakes the test
drives (no server): each test closes sockets with the codes a server or a
network would, and reads the waits the client scheduled."""

from pathlib import Path

import pytest

SOCKET_JS = (Path(__file__).resolve().parents[2] / "static" / "js" / "socket.js").read_text()

FAKES = """
window.now = 0;
Date.now = function () { return window.now; };
window.waits = [];
window.setTimeout = function (fn, ms) {
  window.waits.push({ fn: fn, ms: ms });
  return window.waits.length;
};
window.clearTimeout = function () {};
window.sockets = [];
window.events = [];
window.WebSocket = function (url) {
  this.url = url; this.readyState = 0; this.sent = [];
  window.sockets.push(this);
};
window.WebSocket.prototype.send = function (data) { this.sent.push(data); };
window.WebSocket.prototype.close = function () { this.drop(1005); };
window.WebSocket.prototype.up = function () { this.readyState = 1; this.onopen({}); };
window.WebSocket.prototype.drop = function (code) {
  this.readyState = 3;
  this.onclose({ code: code });
};
window.live = null;
window.start = function () {
  window.live = HoiNghiSocket.connect("/ws/c/demo/agenda/", {
    onopen: function (info) { window.events.push(["open", info.reconnected]); },
    onmessage: function (m) { window.events.push(["message", m]); },
    onclose: function (info) { window.events.push(["close", info.code, info.retrying]); }
  });
};
window.next = function () {
  window.waits.shift().fn();
  return window.sockets[window.sockets.length - 1];
};
"""


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!DOCTYPE html><html><body></body></html>")
    page.add_script_tag(content=FAKES)
    page.add_script_tag(content=SOCKET_JS)
    page.evaluate("start()")
    yield page
    context.close()


def test_socket_waits_double_from_one_second_to_thirty_with_jitter(page):
    waits = page.evaluate(
        """() => {
          const seen = [];
          for (let i = 0; i < 8; i++) {
            sockets[sockets.length - 1].drop(1006);
            seen.push(waits[0].ms);
            next();
          }
          return seen;
        }"""
    )

    bases = [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
    assert len(waits) == len(bases)
    for wait, base in zip(waits, bases, strict=True):
        assert 0.75 * base <= wait <= 1.25 * base, (wait, base)
    assert len(set(waits)) > 1  # jittered, not a fixed schedule


def test_socket_refused_by_the_server_is_not_retried(page):
    result = page.evaluate(
        """() => { sockets[0].up(); sockets[0].drop(4403); return [waits.length, events]; }"""
    )

    assert result == [0, [["open", False], ["close", 4403, False]]]


def test_socket_fallen_behind_reconnects_and_says_so(page):
    result = page.evaluate(
        """() => {
          sockets[0].up(); sockets[0].drop(4408);
          const second = next(); second.up();
          return [sockets.length, second.url, events];
        }"""
    )

    assert result == [
        2,
        "ws://" + page.evaluate("location.host") + "/ws/c/demo/agenda/",
        [["open", False], ["close", 4408, True], ["open", True]],
    ]


def test_socket_wait_starts_again_after_a_stable_connection(page):
    waits = page.evaluate(
        """() => {
          for (let i = 0; i < 4; i++) { sockets[sockets.length - 1].drop(1006); next(); }
          const unstable = waits.length;  // nothing pending: next() took it
          const socket = sockets[sockets.length - 1];
          socket.up(); now += 10000; socket.drop(1006);
          return [unstable, waits[0].ms];
        }"""
    )

    assert waits[0] == 0
    assert 750 <= waits[1] <= 1250


def test_socket_passes_json_messages_and_drops_other_frames(page):
    events = page.evaluate(
        """() => {
          sockets[0].up();
          sockets[0].onmessage({ data: "not json" });
          sockets[0].onmessage({ data: '{"type": "snapshot", "version": 3}' });
          live.send({ type: "ping" });
          return [events, sockets[0].sent];
        }"""
    )

    assert events == [
        [["open", False], ["message", {"type": "snapshot", "version": 3}]],
        ['{"type":"ping"}'],
    ]


def test_socket_closed_by_the_page_stays_closed(page):
    result = page.evaluate(
        "() => { sockets[0].up(); live.close(); return [waits.length, events]; }"
    )

    assert result == [0, [["open", False], ["close", 1005, False]]]
