/* After pairing: keep the device token on the phone, and the roster key as
 * a non-extractable WebCrypto key in IndexedDB (docs/offline.md); any roster
 * of an earlier pairing is wiped. Then open the scanner. */
(function () {
  "use strict";
  var el = document.getElementById("paired");
  if (!el) return;
  localStorage.setItem("hoinghi.scanner.token", el.dataset.token);
  var next = function () { location.replace(el.dataset.next); };
  if (!window.HoiNghiRoster) { next(); return; }
  window.HoiNghiRoster.pair({
    key: el.dataset.rosterKey,
    conference: parseInt(el.dataset.conference, 10),
    device: parseInt(el.dataset.device, 10)
  }).then(next, next);
})();
