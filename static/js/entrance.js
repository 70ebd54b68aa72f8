/* The self check-in screen: fetch a fresh QR code every period. */
(function () {
  "use strict";
  var box = document.getElementById("entrance");
  if (!box) return;
  var period = parseInt(box.dataset.period, 10) * 1000;
  function refresh() {
    fetch(box.dataset.refresh, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { document.getElementById("entrance-qr").innerHTML = data.svg; })
      .catch(function () {});
  }
  setInterval(refresh, period);
})();
