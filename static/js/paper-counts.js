/* The paper-count form on the chair's console: says at once when valid +
   invalid differ from collected, and asks before saving with the totals
   typed, so the committee reads them once more. The server checks again. */
(function () {
  "use strict";

  function value(form, name) {
    var input = form.querySelector("input[name$='-" + name + "']");
    return input && input.value !== "" ? Number(input.value) : null;
  }

  // For the confirmation: an empty field reads as a dash, not "null".
  function shown(form, name) {
    var n = value(form, name);
    return n === null ? "—" : String(n);
  }

  function check(form) {
    var out = form.querySelector("[data-paper-check]");
    var c = value(form, "collected"), v = value(form, "valid"), n = value(form, "invalid");
    var bad = c !== null && v !== null && n !== null && v + n !== c;
    out.textContent = bad ? form.getAttribute("data-paper-mismatch") : "";
    out.classList.toggle("bad", bad);
  }

  document.querySelectorAll("form[data-paper-confirm]").forEach(function (form) {
    form.addEventListener("input", function () { check(form); });
    form.addEventListener("submit", function (event) {
      var summary = form.getAttribute("data-paper-summary")
        .replace("%(i)s", shown(form, "issued"))
        .replace("%(c)s", shown(form, "collected"))
        .replace("%(v)s", shown(form, "valid"))
        .replace("%(n)s", shown(form, "invalid"));
      if (!window.confirm(summary + "\n" + form.getAttribute("data-paper-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
