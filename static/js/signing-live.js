/* Live signature grid: listens on the ceremony's websocket and fills cells in.
   Used by the projector (cells) and the chair's console (reload on change).
   The paired kiosk tablet has no socket access; it polls (js/kiosk.js). */
(function () {
  "use strict";
  var script = document.currentScript;
  var path = script.dataset.wsUrl;
  var reloadOnChange = script.dataset.reloadOnChange === "1";
  var first = null;
  var submitting = false;
  // A form on its way to the server must not be cancelled by a reload.
  document.addEventListener("submit", function () { submitting = true; });

  function render(payload) {
    document.querySelectorAll("[data-live-count]").forEach(function (el) {
      el.textContent = el.dataset.template
        .replace("__S__", payload.signed)
        .replace("__T__", payload.total);
    });
    var state = document.querySelector("[data-live-state]");
    if (state) state.textContent = payload.state === "sealed" ? state.dataset.sealed : "";
    payload.cells.forEach(function (cell) {
      var el = document.querySelector('[data-cell="' + cell.id + '"]');
      if (!el) return;
      var box = el.querySelector(".cell-sig");
      el.querySelector(".cell-name").textContent = cell.name;
      if (cell.signed && !el.classList.contains("is-signed")) {
        // Staff screens get a short-lived signed image URL; others a mark.
        if (cell.image) {
          var img = document.createElement("img");
          img.src = cell.image;
          img.alt = "";
          box.replaceChildren(img);
        } else {
          var mark = document.createElement("span");
          mark.className = "cell-signed";
          mark.textContent = el.parentNode.dataset.signedMark || "✓";
          box.replaceChildren(mark);
        }
        el.classList.add("is-signed", "just-signed");
        setTimeout(function () { el.classList.remove("just-signed"); }, 4000);
      } else if (!cell.signed && el.classList.contains("is-signed")) {
        box.replaceChildren();
        el.classList.remove("is-signed");
      }
    });
  }

  function handle(payload) {
    var key = payload.state + ":" + payload.signed + ":" + payload.kiosk;
    if (first === null) first = key;
    var reload = reloadOnChange && key !== first;
    if (reload && !submitting) return window.location.reload();
    render(payload);
  }

  window.HoiNghiSocket.connect(path, {
    onopen: function () { document.body.dataset.live = "on"; },
    onmessage: handle,
    onclose: function () { document.body.dataset.live = "off"; }
  });
})();
