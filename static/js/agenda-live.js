/* Live agenda client: delegate view, big screen and chair console.
 *
 * Protocol: the server sends a full snapshot {type:"snapshot", version, items,...}
 * on connect and after every committed change. Snapshots older than the one
 * shown are ignored. On disconnect the page reconnects (static/js/socket.js)
 * and, meanwhile, polls GET /api/v1/conferences/<slug>/agenda (ETag).
 * The socket is read-only; the console acts through authenticated HTTP.
 * Snapshots are language-neutral (one serialization for every socket): the
 * page's own labels (#agenda-labels, in the page's language) turn codes into text.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-agenda-view]");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("agenda-labels").textContent);
  var state = JSON.parse(document.getElementById("agenda-snapshot").textContent);
  // Documents per item id, only on the delegate page of someone who may read them.
  var docsNode = document.getElementById("agenda-documents");
  var docs = docsNode ? JSON.parse(docsNode.textContent) : {};
  var pollTimer = null, etag = null, lastMessage = 0;
  var POLL_MS = 5000, PING_MS = 20000, SILENCE_MS = 45000;

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key] == null ? "–" : values[key]; });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function kindText(item) {
    return labels.kinds[item.kind] || item.kind_label || item.kind;
  }

  function statusText(item) {
    if (item.status === "running") return fmt(labels.running, { at: item.actual_start_hm });
    if (item.status === "done") return fmt(labels.done, { start: item.actual_start_hm, end: item.actual_end_hm });
    if (item.status === "skipped") return labels.skipped;
    if (item.delay) return fmt(labels.moved, { minutes: item.delay });
    return "";
  }

  function itemNode(item) {
    var li = el("li", "agenda-item is-" + item.status);
    li.dataset.id = item.id;
    var time = el("div", "agenda-time");
    time.appendChild(el("span", "agenda-start", item.start));
    time.appendChild(el("span", "agenda-end", item.end));
    var body = el("div", "agenda-body");
    body.appendChild(el("div", "agenda-kind", kindText(item)));
    body.appendChild(el("div", "agenda-title", item.title));
    body.appendChild(el("div", "agenda-presenter", item.presenter));
    var itemDocs = docs[item.id];
    if (itemDocs) {
      var link = el("a", "agenda-docs-link", fmt(labels.documents, { n: itemDocs.docs.length }));
      link.href = itemDocs.url;
      body.appendChild(link);
    }
    body.appendChild(el("div", "agenda-status", statusText(item)));
    li.appendChild(time);
    li.appendChild(body);
    return li;
  }

  function fillCard(card, item) {
    if (!card) return;
    card.querySelectorAll(".now-title, .now-meta, .now-docs").forEach(function (node) { node.remove(); });
    var countdown = card.querySelector("[data-agenda-countdown]");
    var add = function (node) { card.insertBefore(node, countdown); };
    if (item) {
      add(el("div", "now-title", item.title));
      add(el("div", "now-meta", item.start + "–" + item.end + (item.presenter ? " · " + item.presenter : "")));
      if (card.hasAttribute("data-agenda-now") && docs[item.id]) {
        var list = el("ul", "now-docs");
        docs[item.id].docs.forEach(function (doc) {
          var link = el("a", null, doc.title);
          link.href = doc.url;
          list.appendChild(el("li")).appendChild(link);
        });
        add(list);
      }
    } else {
      add(el("div", "now-title now-empty", card.dataset.empty));
    }
  }

  // --- Total delay and the running item's countdown ---------------------------
  function showDelay() {
    root.querySelectorAll("[data-agenda-delay]").forEach(function (node) {
      node.textContent = state.delay ? fmt(labels.delay, { minutes: state.delay }) : labels.on_time;
      node.classList.toggle("is-late", !!state.delay);
    });
  }

  function clockText(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = (h && m < 10 ? "0" : "") + m, ss = (s < 10 ? "0" : "") + s;
    return (h ? h + ":" : "") + mm + ":" + ss;
  }

  function tickCountdown() {
    var box = root.querySelector("[data-agenda-countdown]");
    if (!box) return;
    var due = state.current_due ? Date.parse(state.current_due) : NaN;
    if (isNaN(due)) { box.hidden = true; return; }
    var left = Math.round((due - Date.now()) / 1000);
    box.hidden = false;
    box.classList.toggle("is-over", left < 0);
    box.textContent = fmt(left < 0 ? labels.overrun : labels.remaining, { time: clockText(Math.abs(left)) });
  }

  function render() {
    var byId = {};
    state.items.forEach(function (item) { byId[item.id] = item; });
    var banner = root.querySelector("[data-agenda-banner]");
    if (banner) {
      banner.querySelector("[data-banner-text]").textContent = state.announcement || "";
      banner.hidden = !state.announcement;
    }
    fillCard(root.querySelector("[data-agenda-now]"), byId[state.current]);
    fillCard(root.querySelector("[data-agenda-next]"), byId[state.next]);
    showDelay();
    tickCountdown();
    var list = root.querySelector("[data-agenda-list]");
    if (list && state.items.length) list.replaceChildren.apply(list, state.items.map(itemNode));
    root.querySelectorAll("input[name=expected_version]").forEach(function (input) { input.value = state.version; });
    root.dataset.version = state.version;
  }

  function apply(snapshot) {
    if (!snapshot || typeof snapshot.version !== "number" || snapshot.version < state.version) return;
    var changed = snapshot.version !== state.version;
    state = snapshot;
    if (changed) render();
  }

  function setStatus(kind) {
    var box = root.querySelector("[data-live-status]");
    if (!box) return;
    box.dataset.liveStatus = kind;
    box.querySelector("[data-live-text]").textContent = labels[kind];
  }

  // --- Polling fallback ---------------------------------------------------------
  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(root.dataset.apiUrl, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(apply);
        }
      })
      .catch(function () {});
  }
  function startPolling() {
    if (pollTimer) return;
    poll();
    pollTimer = setInterval(poll, POLL_MS);
  }
  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  // --- Socket (static/js/socket.js reconnects) -------------------------------------
  var live = null;
  function connect() {
    if (!("WebSocket" in window)) { setStatus("polling"); startPolling(); return; }
    live = window.HoiNghiSocket.connect(root.dataset.wsUrl, {
      onopen: function () {
        lastMessage = Date.now();
        setStatus("live");
        stopPolling();
      },
      onmessage: function (message) {
        lastMessage = Date.now();
        if (message.type === "snapshot") apply(message);
      },
      onclose: function () {
        setStatus("reconnecting");
        startPolling();
      }
    });
  }

  // Keep proxies from closing an idle socket; resync when a phone wakes up.
  setInterval(function () {
    if (!live || !live.isOpen()) return;
    if (Date.now() - lastMessage > SILENCE_MS) { live.reconnect(); return; }
    live.send({ type: "ping" });
  }, PING_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    if (!live || !live.send({ type: "sync", version: state.version })) poll();
  });

  // --- Big-screen clock -------------------------------------------------------------
  var clock = root.querySelector("[data-clock]");
  if (clock) {
    var format = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: clock.dataset.timeZone });
    var tick = function () { clock.textContent = format.format(new Date()); };
    tick();
    setInterval(tick, 1000);
  }

  tickCountdown();
  setInterval(tickCountdown, 1000);

  // --- Chair console: one tap, one authenticated POST ---------------------------
  var errorBox = root.querySelector("[data-console-error]");
  var feedback = root.querySelector("[data-console-feedback]");
  var undo = root.querySelector("[data-undo]");
  root.querySelectorAll("form[data-console-action]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      var undoAfter = undo ? undo.disabled : true;
      var body = new FormData(form, event.submitter);
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.ok) {
            errorBox.hidden = true;
            if (feedback) feedback.textContent = data.message || "";
            if ("can_undo" in data) undoAfter = !data.can_undo;
            apply(data.snapshot);
            if (form.classList.contains("announce-form")) form.reset();
          } else {
            errorBox.textContent = data.message;
            errorBox.hidden = false;
            poll();
          }
        })
        .catch(function () { errorBox.textContent = labels.error; errorBox.hidden = false; })
        .finally(function () {
          buttons.forEach(function (b) { b.disabled = false; });
          if (undo) undo.disabled = undoAfter;
        });
    });
  });

  connect();
})();
