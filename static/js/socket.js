/* The one websocket client of the live pages (agenda, editor, attendance,
 * signing grid): one reconnect policy for all of them.
 *
 *   var live = HoiNghiSocket.connect(path, {
 *     onopen: function (info) {},        // info.reconnected: not the first connection
 *     onmessage: function (message) {},  // parsed JSON; other frames are dropped
 *     onclose: function (info) {}        // info.code, info.retrying
 *   });
 *   live.send({type: "ping"}); live.isOpen(); live.close();
 *
 * ``path`` is the socket's path (templates put it in ``data-ws-url``); the
 * scheme and host are the page's. Reconnects wait 1 s, 2 s, 4 s … up to 30 s,
 * each ±25 % at random so that a hall of phones does not come back at the
 * same instant; the wait starts again at 1 s once a connection has stayed
 * up for 10 s. The server's refusals (4403 forbidden, 4404 not found) are not
 * retried; 4408 (a screen that fell behind) and network drops are.
 */
(function () {
  "use strict";
  var FIRST_MS = 1000, MAX_MS = 30000, STABLE_MS = 10000;
  var REFUSED = [4403, 4404];

  function url(path) {
    return (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + path;
  }

  function delay(failures) {
    var base = Math.min(MAX_MS, FIRST_MS * Math.pow(2, failures));
    return base * (0.75 + Math.random() * 0.5);
  }

  function connect(path, handlers) {
    handlers = handlers || {};
    var socket = null, failures = 0, opened = null, connections = 0, stopped = false, timer = null;

    function open() {
      timer = null;
      socket = new WebSocket(url(path));
      socket.onopen = function () {
        opened = Date.now();
        connections += 1;
        if (handlers.onopen) handlers.onopen({ reconnected: connections > 1 });
      };
      socket.onmessage = function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        if (handlers.onmessage) handlers.onmessage(message);
      };
      socket.onclose = function (event) {
        socket = null;
        if (opened !== null && Date.now() - opened >= STABLE_MS) failures = 0;
        opened = null;
        var retrying = !stopped && REFUSED.indexOf(event.code) === -1;
        if (handlers.onclose) handlers.onclose({ code: event.code, retrying: retrying });
        if (!retrying) return;
        timer = setTimeout(open, delay(failures));
        failures += 1;
      };
    }

    if (!("WebSocket" in window)) {
      if (handlers.onclose) handlers.onclose({ code: null, retrying: false });
    } else {
      open();
    }
    return {
      send: function (message) {
        if (!socket || socket.readyState !== 1) return false;
        socket.send(JSON.stringify(message));
        return true;
      },
      isOpen: function () { return !!socket && socket.readyState === 1; },
      // Drop this connection; a new one follows after the usual wait.
      reconnect: function () { if (socket) socket.close(); },
      close: function () {
        stopped = true;
        clearTimeout(timer);
        if (socket) socket.close();
      }
    };
  }

  window.HoiNghiSocket = { connect: connect };
})();
