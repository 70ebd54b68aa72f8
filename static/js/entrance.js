/* The paired entrance display: fetches a fresh self check-in QR every period.
   The device cookie is httpOnly; a revoked display reloads into "not paired". */
(function () {
  "use strict";
  var box = document.getElementById("entrance");
  if (!box) return;
  var period = parseInt(box.dataset.period, 10) * 1000;
  function refresh() {
    fetch(box.dataset.refresh, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 403) { window.location.reload(); return null; }
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (data) document.getElementById("entrance-qr").innerHTML = data.svg;
      })
      .catch(function () { /* offline for a moment: keep the last code */ });
  }
  setInterval(refresh, period);
})();
