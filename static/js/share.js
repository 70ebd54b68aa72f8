/* <button data-share-url="/pass/…" data-share-title="…">: share a pass link.
 * On phones the system share sheet (Zalo, SMS, whatever is installed);
 * elsewhere the link is copied and the button's status says so. */
(function () {
  "use strict";
  function say(button, text) {
    var status = button.parentNode.querySelector("[data-share-status]");
    if (status) {
      status.textContent = text;
      status.hidden = false;
    }
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }
  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = new URL(button.getAttribute("data-share-url"), window.location.href).href;
      var title = button.getAttribute("data-share-title") || document.title;
      if (navigator.share) {
        navigator.share({ title: title, text: title, url: url }).catch(function () { /* dismissed */ });
        return;
      }
      copy(url).then(
        function () { say(button, button.getAttribute("data-copied")); },
        function () { window.prompt(button.getAttribute("data-copy-prompt"), url); }
      );
    });
  });
})();
