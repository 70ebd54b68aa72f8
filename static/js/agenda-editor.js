/* Agenda editor: drag and drop reordering (the ↑/↓ buttons are the keyboard
 * and no-JS fallback), confirmation of destructive forms, and staying current
 * while the chair runs the meeting: the live agenda socket tells of newer
 * versions; the page reloads itself unless the organizer is typing, in which
 * case a banner offers the latest version. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  var editor = document.querySelector("[data-reorder-url]");
  var list = document.querySelector("[data-editor-list]");
  var dragged = null;
  if (!editor) return;

  // --- Newer versions from elsewhere ------------------------------------------------
  var version = Number(editor.dataset.version);
  var banner = document.querySelector("[data-editor-changed]");
  var typing = false;
  var leaving = false; // our own change is on its way: its page will be fresh
  editor.addEventListener("input", function () { typing = true; });
  document.addEventListener("submit", function (event) { if (!event.defaultPrevented) leaving = true; });
  document.querySelector("[data-editor-reload]").addEventListener("click", function () {
    window.location.reload();
  });
  function newer(seen) {
    if (seen <= version || leaving) return;
    version = seen;
    if (typing || dragged) banner.hidden = false;
    else window.location.reload();
  }
  if ("WebSocket" in window) {
    window.HoiNghiSocket.connect(editor.dataset.wsUrl, {
      onopen: function () { editor.dataset.socket = "open"; },
      onmessage: function (message) { if (message.type === "snapshot") newer(message.version); },
      onclose: function () { editor.dataset.socket = "closed"; }
    });
  }

  if (!list) return;
  var status = document.querySelector("[data-editor-status]");

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function save() {
    leaving = true;
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
        else { leaving = false; if (status) status.textContent = data.message; }
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
