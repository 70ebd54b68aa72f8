/* The projector's vote screen: "5/7 đã bỏ phiếu" while a poll is open (no
 * partial result ever reaches it), then the result per line with its
 * percentage, the outcome and the rule in words. Built with textContent
 * only: names are data, never markup. */
(function () {
  "use strict";
  var root = document.querySelector(".vote-screen");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("screen-labels").textContent);
  var screen = root.querySelector("[data-screen]");
  var liveEl = root.querySelector("[data-live]");
  var polls = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, k) { return values[k]; });
  }

  function current() {
    var open = polls.filter(function (p) { return p.status === "open"; });
    if (open.length) return open[open.length - 1];
    return polls.length ? polls[polls.length - 1] : null;
  }

  function render() {
    var poll = current();
    screen.textContent = "";
    if (!poll) { screen.appendChild(el("p", "screen-wait", labels.wait)); return; }
    screen.appendChild(el("p", "screen-kind", poll.secret ? labels.secret : labels.open));
    screen.appendChild(el("h1", "screen-title", poll.decision));
    if (poll.rule) screen.appendChild(el("p", "screen-rule", poll.rule.charAt(0).toUpperCase() + poll.rule.slice(1) + "."));
    if (poll.status === "open") {
      screen.appendChild(el("p", "screen-count", fill(labels.progress, poll)));
      var bar = el("div", "screen-bar");
      var fillEl = el("div", "screen-bar-fill");
      fillEl.style.width = (poll.entitled ? Math.round(100 * poll.voted / poll.entitled) : 0) + "%";
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", String(poll.entitled));
      bar.setAttribute("aria-valuenow", String(poll.voted));
      bar.appendChild(fillEl);
      screen.appendChild(bar);
      if (poll.small) screen.appendChild(el("p", "screen-warn", labels.small));
      return;
    }
    // "66.67" from the server, written as the page's language writes it ("66,67").
    function percentShown(value) {
      var lang = document.documentElement.lang || "vi";
      return Number(value).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    var table = el("table", "screen-result");
    var head = el("tr");
    ["", labels.agree, "%", ""].forEach(function (t) { head.appendChild(el("th", "", t)); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    poll.result.lines.forEach(function (line) {
      var row = el("tr", "outcome-" + line.outcome);
      row.appendChild(el("td", "", line.label));
      row.appendChild(el("td", "num", String(line.votes)));
      row.appendChild(el("td", "num", percentShown(line.percent)));
      row.appendChild(el("td", "", labels[line.outcome] || line.outcome));
      body.appendChild(row);
    });
    table.appendChild(body);
    screen.appendChild(table);
    screen.appendChild(el("p", "screen-totals", fill(labels.totals, {
      e: poll.totals.entitled, c: poll.totals.collected, v: poll.totals.valid})));
  }

  var live = window.HoiNghiSocket.connect(root.dataset.wsUrl, {
    onopen: function () { liveEl.textContent = labels.live; liveEl.classList.add("on"); },
    onclose: function () { liveEl.textContent = labels.reconnecting; liveEl.classList.remove("on"); },
    onmessage: function (message) {
      if (message.event === "snapshot") {
        polls = message.polls;
      } else if (message.event === "progress") {
        polls.forEach(function (p) {
          if (p.poll === message.progress.poll) { p.voted = message.progress.voted; p.entitled = message.progress.entitled; }
        });
        if (!polls.some(function (p) { return p.poll === message.progress.poll; })) {
          live.send({type: "resync"});  // a poll opened since the snapshot
        }
      }
      render();
    }
  });
})();
