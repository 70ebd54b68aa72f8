/* The paired kiosk tablet: asks the server every two seconds whether the
   chair unlocked it (or the unlock ended) and reloads when that changed, so
   the page goes from "locked" to the signing form and back by itself.
   No token in JavaScript: the device cookie is httpOnly. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.dataset.stateUrl;
  var shown = script.dataset.unlock || "";
  var state = script.dataset.state || "";
  var submitting = false;
  var PERIOD = 2000;
  // A signature on its way to the server must not be cancelled by a reload.
  document.addEventListener("submit", function () { submitting = true; });

  function check() {
    if (submitting) return;
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 403) return { reload: true };
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var now = data.unlock === null || data.unlock === undefined ? "" : String(data.unlock);
        if (!submitting && (data.reload || now !== shown || data.state !== state)) {
          window.location.reload();
        }
      })
      .catch(function () { /* offline for a moment: try again next tick */ });
  }
  setInterval(check, PERIOD);
})();
