/* The delegate's ballot: one tap per line, at most N "Agree", one confirm,
 * then "Ballot cast" with a receipt code. What was ticked survives a reload
 * and live updates (localStorage, per poll). A secret ballot is encrypted
 * here (ballot.js) before it leaves the phone; the exact request is kept
 * until the server answers, so a retry after a network failure sends the
 * same bytes and the server answers "already voted", never two ballots. */
(function () {
  "use strict";
  var root = document.querySelector(".vote-app");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("vote-labels").textContent);
  var form = root.querySelector("[data-ballot]");
  var pollId = root.dataset.poll;
  var KEY = "hoinghi.ballot." + pollId;
  var progressEl = root.querySelector("[data-progress]");
  var errorEl = root.querySelector("[data-error]");
  var doneEl = root.querySelector("[data-done]");
  var submitBtn = root.querySelector("[data-submit]");
  var max = parseInt(root.dataset.max || "1", 10);
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  var state = pollId ? load() : {};
  state.choices = state.choices || {};

  function csrf() {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function inputs() { return form ? Array.prototype.slice.call(form.querySelectorAll("input[type=radio]")) : []; }

  function agreed() {
    return Object.keys(state.choices).filter(function (k) { return state.choices[k] === "yes"; });
  }

  function refresh() {
    var yes = agreed().length;
    inputs().forEach(function (input) {
      if (input.value === "yes") input.disabled = !input.checked && yes >= max;
    });
    var count = root.querySelector("[data-count]");
    if (count) count.textContent = labels.count.replace("%(yes)s", yes).replace("%(max)s", max);
  }

  function showDone(receipt) {
    if (form) form.hidden = true;
    doneEl.hidden = false;
    doneEl.querySelector("[data-receipt]").textContent = receipt || labels.no_receipt;
  }

  function showError(text) {
    errorEl.textContent = text;
    errorEl.hidden = !text;
  }

  function restore() {
    inputs().forEach(function (input) {
      input.checked = state.choices[input.dataset.line] === input.value;
    });
    refresh();
    if (state.done) showDone(state.receipt);
    else if (root.dataset.voted) showDone(state.receipt);
    else if (state.pending) send();  // a request that never got its answer
  }

  function choices() {
    var out = {};
    inputs().forEach(function (input) {
      if (input.value === "yes") out[input.dataset.line] = input.checked;
    });
    return out;
  }

  function toB64(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text);
  }

  async function prepare() {
    if (root.dataset.secret === "1") {
      var receipt = window.HoiNghiBallot.receipt();
      var ciphertext = await window.HoiNghiBallot.encrypt(
        root.dataset.publicKey, parseInt(pollId, 10), {receipt: receipt, choices: choices()});
      return {body: {ciphertext: toB64(ciphertext)}, receipt: receipt};
    }
    return {body: {choices: choices()}, receipt: null};
  }

  async function send() {
    if (sending) return;
    sending = true;
    submitBtn.disabled = true;
    showError("");
    try {
      var response = await fetch(root.dataset.apiUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json"},
        body: JSON.stringify(state.pending.body)
      });
      var data = await response.json().catch(function () { return {}; });
      if (response.ok) {
        state.done = true;
        state.receipt = state.pending.receipt || data.receipt || state.receipt;
        delete state.pending;
        save(state);
        showDone(state.receipt);
      } else {
        delete state.pending;  // refused: nothing was counted; the phone may try again
        save(state);
        showError(data.message || labels.error);
      }
    } catch (e) {
      showError(labels.offline);  // kept: the same request goes again
    } finally {
      sending = false;
      submitBtn.disabled = false;
    }
  }

  if (form) {
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.dataset.line) return;
      state.choices[input.dataset.line] = input.value;
      save(state);
      refresh();
    });
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (state.pending) { send(); return; }
      var names = agreed().map(function (id) {
        return document.getElementById("line-" + id).textContent;
      });
      var summary = names.length ? labels.confirm_yes.replace("%(names)s", names.join(", ")) : labels.confirm_none;
      if (!window.confirm(summary + "\n" + labels.confirm_final)) return;
      try {
        state.pending = await prepare();
      } catch (e) {
        showError(labels.no_crypto);
        return;
      }
      save(state);
      send();
    });
    restore();
  }

  function showProgress(p) {
    if (pollId && String(p.poll) !== String(pollId)) return;
    progressEl.textContent = labels.progress.replace("%(voted)s", p.voted).replace("%(entitled)s", p.entitled);
  }

  if (window.HoiNghiSocket) {
    window.HoiNghiSocket.connect(root.dataset.wsUrl, {
      onmessage: function (message) {
        if (message.event === "progress") {
          showProgress(message.progress);
        } else if (message.event === "snapshot") {
          var open = message.polls.filter(function (p) { return p.status === "open"; });
          var mine = message.polls.filter(function (p) { return String(p.poll) === String(pollId); })[0];
          if (mine) {
            showProgress(mine);
            if (mine.status === "closed") progressEl.textContent = labels.closed;
          }
          if (!pollId && open.length) window.location.reload();
        }
      }
    });
  }
})();
