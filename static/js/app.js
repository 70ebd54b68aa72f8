// Small progressive enhancements shared by every page. No framework.
(function () {
  "use strict";

  // <form data-confirm="Question?">: ask before submitting (removals).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // <select data-shows="id" data-shows-when="value">: show an element only
  // for one choice (the unit field is only for liaisons).
  function syncShows(select) {
    var target = document.getElementById(select.getAttribute("data-shows"));
    if (target) {
      target.hidden = select.value !== select.getAttribute("data-shows-when");
    }
  }
  document.querySelectorAll("select[data-shows]").forEach(function (select) {
    syncShows(select);
    select.addEventListener("change", function () { syncShows(select); });
  });
})();
