/* The mailing page's progress bar: polls the progress JSON every second
 * while the mailing runs, then reloads once to show the final send log. */
(function () {
  "use strict";
  var box = document.getElementById("mail-progress");
  if (!box || !box.hasAttribute("data-progress-url")) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("mail-bar");
  function set(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = String(value); }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 3000); return; }
        bar.max = data.total || 1;
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        set("mail-percent", data.percent + "%");
        set("count-sent", data.sent);
        set("count-failed", data.failed);
        set("count-skipped", data.skipped);
        set("count-pending", data.pending);
        if (data.status === "done") {
          document.getElementById("mail-reload").hidden = false;
          window.setTimeout(function () { window.location.reload(); }, 400);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
