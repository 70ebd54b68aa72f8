/* The signature pad on the signing page: draw, undo, clear, tick, confirm. */
(function () {
  "use strict";
  var canvas = document.getElementById("signature-pad");
  var form = document.getElementById("sign-form");
  if (!canvas || !form || typeof SignaturePad === "undefined") return;
  var hidden = document.getElementById("signature-data");
  var consent = document.getElementById("id_consent");
  var confirm = document.getElementById("confirm");
  var hint = document.getElementById("pad-hint");
  var pad = new SignaturePad(canvas, { penColor: "#0b2a8a", minWidth: 1.2, maxWidth: 3.2 });

  function resize() {
    var ratio = Math.min(window.devicePixelRatio || 1, 2);
    var data = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(data);
  }

  // "I have read" only once the end of the text has been on screen.
  var end = document.querySelector("[data-covenant-end]");
  var readHint = document.querySelector("[data-read-hint]");
  function markRead() {
    consent.disabled = false;
    form.dataset.read = "yes";
    if (readHint) readHint.hidden = true;
  }
  if (end && "IntersectionObserver" in window) {
    consent.disabled = true;
    if (readHint) readHint.hidden = false;
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        markRead();
        seen.disconnect();
      }
    });
    seen.observe(end);
  } else {
    markRead();
  }

  function update() {
    confirm.disabled = pad.isEmpty() || !consent.checked;
    if (!pad.isEmpty()) hint.textContent = "";
  }

  window.addEventListener("resize", resize);
  resize();
  pad.addEventListener("endStroke", update);
  consent.addEventListener("change", function () {
    if (consent.checked && pad.isEmpty()) hint.textContent = hint.dataset.empty;
    update();
  });
  form.querySelector('[data-pad="clear"]').addEventListener("click", function () {
    pad.clear();
    update();
  });
  form.querySelector('[data-pad="undo"]').addEventListener("click", function () {
    var data = pad.toData();
    data.pop();
    pad.fromData(data);
    update();
  });
  form.addEventListener("submit", function (event) {
    if (pad.isEmpty()) {
      event.preventDefault();
      hint.textContent = hint.dataset.empty;
      return;
    }
    hidden.value = pad.toDataURL("image/png");
    confirm.disabled = true;
  });
})();
