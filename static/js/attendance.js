/* Live attendance: applies arrivals and undos pushed over the websocket. */
(function () {
  "use strict";
  var root = document.getElementById("attendance");
  if (!root) return;
  var listId = parseInt(root.dataset.list, 10);
  var state = document.getElementById("live-state");

  function bump(el, delta) {
    if (!el) return;
    var n = el.querySelector(".n-arrived") || el;
    n.textContent = Math.max(0, parseInt(n.textContent, 10) + delta);
  }

  function unitRow(arrival) {
    return root.querySelector('.unit-row[data-unit="' + (arrival.unit_id || "none") + '"]');
  }

  // An offline admission the server refused at sync (docs/offline.md).
  function conflict(a) {
    var section = document.getElementById("conflicts");
    var li = document.createElement("li");
    li.className = "conflict-" + a.result;
    var kind = document.createElement("span");
    kind.className = "conflict-kind";
    kind.textContent = section.getAttribute("data-msg-" + a.result) || a.result;
    var name = document.createElement("strong");
    name.textContent = a.name;
    var unit = document.createElement("span");
    unit.className = "muted";
    unit.textContent = a.unit;
    var where = document.createElement("small");
    where.textContent = section.dataset.msgWhere.replace("%(time)s", a.hm).replace("%(device)s", a.device);
    li.append(kind, " ", name, " ", unit, document.createElement("br"), where);
    document.getElementById("conflicts-list").prepend(li);
    var count = document.getElementById("conflicts-count");
    count.textContent = parseInt(count.textContent, 10) + 1;
    section.hidden = false;
  }

  function apply(message) {
    var a = message.arrival;
    if (a.list_id !== listId) return;
    if (message.event === "conflict") { conflict(a); return; }
    var delta = message.event === "arrival" ? 1 : -1;
    var row = unitRow(a);
    if (row) {
      var arrived = parseInt(row.dataset.arrived, 10) + delta;
      var expected = parseInt(row.dataset.expected, 10);
      row.dataset.arrived = arrived;
      row.querySelector(".n-arrived").textContent = arrived;
      row.querySelector(".bar span").style.width = (expected ? Math.round(100 * arrived / expected) : 0) + "%";
      row.classList.toggle("complete", expected > 0 && arrived >= expected);
      var missing = row.querySelector(".missing");
      var item = missing.querySelector('[data-registration="' + a.registration_id + '"]');
      if (delta > 0 && item) item.remove();
      if (delta < 0 && !item) {
        var li = document.createElement("li");
        li.dataset.registration = a.registration_id;
        li.textContent = a.name;
        missing.appendChild(li);
      }
    }
    bump(root.querySelector('[data-role="' + a.role_id + '"]'), delta);
    bump(document.getElementById("total-arrived"), delta);
    var latest = document.getElementById("latest");
    var empty = document.getElementById("latest-empty");
    if (delta > 0) {
      if (empty) empty.remove();
      var entry = document.createElement("li");
      entry.dataset.checkin = a.checkin_id;
      entry.className = "fresh";
      var time = document.createElement("time");
      time.textContent = a.hm;
      var name = document.createElement("strong");
      name.textContent = a.name;
      var unit = document.createElement("span");
      unit.className = "muted";
      unit.textContent = a.unit;
      entry.append(time, " ", name, " ", unit);
      latest.prepend(entry);
      while (latest.children.length > 12) latest.lastElementChild.remove();
    } else {
      var old = latest.querySelector('[data-checkin="' + a.checkin_id + '"]');
      if (old) old.remove();
    }
  }

  // The page holds the state: after a drop, reload it once the server is back.
  window.HoiNghiSocket.connect(root.dataset.wsUrl, {
    onopen: function (info) {
      if (info.reconnected) { location.reload(); return; }
      state.classList.remove("offline");
      root.dataset.connected = "1";
    },
    onmessage: apply,
    onclose: function () { state.classList.add("offline"); }
  });
})();
