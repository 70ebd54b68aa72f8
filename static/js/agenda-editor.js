/* Agenda editor: drag and drop reordering (the ↑/↓ buttons are the keyboard
 * and no-JS fallback) and confirmation of destructive forms. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  var editor = document.querySelector("[data-reorder-url]");
  var list = document.querySelector("[data-editor-list]");
  if (!editor || !list) return;
  var status = document.querySelector("[data-editor-status]");
  var dragged = null;

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function save() {
    var ids = Array.prototype.map.call(list.children, function (li) { return Number(li.dataset.id); });
    fetch(editor.dataset.reorderUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
      body: JSON.stringify({ items: ids })
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.ok) { window.location.reload(); }
        else if (status) { status.textContent = data.message; }
      });
  }

  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("li");
    if (!dragged) return;
    dragged.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.id);
  });
  list.addEventListener("dragover", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var over = event.target.closest("li");
    if (!over || over === dragged) return;
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", function (event) { event.preventDefault(); });
  list.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("is-dragging");
    dragged = null;
    save();
  });
})();
