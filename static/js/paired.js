/* After pairing: keep the device token on the phone, open the scanner. */
(function () {
  "use strict";
  var el = document.getElementById("paired");
  if (!el) return;
  localStorage.setItem("hoinghi.scanner.token", el.dataset.token);
  location.replace(el.dataset.next);
})();
