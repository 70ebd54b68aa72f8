/* Small declarative behaviours, so templates need no inline handlers (CSP):
 *   <button data-print>                      prints the page
 *   <select data-autosubmit>                 submits its form on change
 *   <input type="checkbox" data-check-all="CSS selector">  ticks them all */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  document.querySelectorAll("input[data-check-all]").forEach(function (master) {
    master.addEventListener("change", function () {
      document.querySelectorAll(master.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });
})();
