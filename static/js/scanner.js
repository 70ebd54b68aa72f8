/* Check-in scanner: continuous camera scanning with the vendored jsQR,
 * full-screen result, sound + vibration, manual search, undo last, and an
 * offline queue retried with the same nonce (the server answers a retried
 * nonce with its first answer, so nobody is checked in twice). */
(function () {
  "use strict";
  var root = document.getElementById("scanner");
  if (!root) return;
  var cfg = root.dataset;
  var TOKEN_KEY = "hoinghi.scanner.token";
  var QUEUE_KEY = "hoinghi.scanner.queue." + (cfg.conference || "device");
  var token = cfg.mode === "device" ? localStorage.getItem(TOKEN_KEY) : null;
  var video = document.getElementById("camera");
  var statusEl = document.getElementById("status");
  var resultEl = document.getElementById("result");
  var undoBtn = document.getElementById("undo");
  var queueEl = document.getElementById("queue");
  var canvas = document.createElement("canvas");
  var ctx = canvas.getContext("2d", {willReadFrequently: true});
  var lastCode = null, lastCodeAt = 0, busy = false, lastCheckin = null, hideTimer = null;
  var audio = null;

  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function headers() {
    var h = {"Content-Type": "application/json"};
    if (token) h.Authorization = "Bearer " + token;
    else h["X-CSRFToken"] = cfg.csrf;
    return h;
  }

  function withScope(payload) {
    if (cfg.mode !== "device") {
      payload.conference = cfg.conference;
      payload.list = cfg.list;
    }
    return payload;
  }

  function query(params) {
    if (cfg.mode !== "device") {
      params.conference = cfg.conference;
      params.list = cfg.list;
    }
    return Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST", headers: headers(), credentials: "same-origin",
      body: JSON.stringify(withScope(payload))
    }).then(function (r) {
      if (r.status >= 500) throw new Error("server " + r.status);
      return r.json();
    });
  }

  // --- feedback -------------------------------------------------------------
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = kind === "ok" ? [880] : kind === "warn" ? [520, 520] : [220, 180];
      tones.forEach(function (freq, i) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        osc.frequency.value = freq;
        osc.connect(gain); gain.connect(audio.destination);
        var t = audio.currentTime + i * 0.18;
        gain.gain.setValueAtTime(0.25, t);
        gain.gain.exponentialRampToValueAtTime(0.001, t + 0.16);
        osc.start(t); osc.stop(t + 0.17);
      });
    } catch (e) { /* no audio: the colour still tells */ }
    if (navigator.vibrate) navigator.vibrate(kind === "ok" ? 120 : [200, 80, 200]);
  }

  function kindOf(result) {
    if (result === "ok") return "ok";
    if (result === "already_checked_in" || result === "queued") return "warn";
    return "error";
  }

  function show(answer) {
    var kind = kindOf(answer.result);
    resultEl.className = "result result-" + kind;
    resultEl.querySelector(".result-name").textContent = answer.name || "";
    resultEl.querySelector(".result-unit").textContent = answer.unit || "";
    var role = resultEl.querySelector(".result-role");
    role.textContent = answer.role || "";
    role.hidden = !answer.role;
    resultEl.querySelector(".result-message").textContent = answer.message || "";
    resultEl.hidden = false;
    resultEl.focus();
    beep(kind);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, kind === "ok" ? 2500 : 5000);
  }

  function hide() {
    resultEl.hidden = true;
    clearTimeout(hideTimer);
  }
  resultEl.addEventListener("click", hide);

  // --- offline queue ---------------------------------------------------------
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY)) || []; } catch (e) { return []; }
  }
  function saveQueue(q) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(q));
    queueEl.hidden = q.length === 0;
    queueEl.textContent = q.length + " " + cfg.msgQueue;
  }
  function flushQueue() {
    var q = loadQueue();
    if (!q.length) return;
    var item = q[0];
    post(cfg.apiCheckin, item).then(function (answer) {
      saveQueue(loadQueue().filter(function (x) { return x.nonce !== item.nonce; }));
      if (answer.result !== "ok") show(answer);
      flushQueue();
    }).catch(function () { /* still offline: try again later */ });
  }
  setInterval(flushQueue, 5000);
  window.addEventListener("online", flushQueue);
  saveQueue(loadQueue());

  // --- check-in --------------------------------------------------------------
  function submit(payload) {
    payload.nonce = nonce();
    busy = true;
    return post(cfg.apiCheckin, payload).then(function (answer) {
      if (answer.result === "ok" && answer.checkin_id) {
        lastCheckin = answer.checkin_id;
        undoBtn.disabled = false;
      }
      show(answer);
      return answer;
    }).catch(function () {
      var q = loadQueue();
      q.push(payload);
      saveQueue(q);
      show({result: "queued", message: cfg.msgQueued});
    }).then(function (answer) { busy = false; return answer; });
  }

  undoBtn.addEventListener("click", function () {
    if (!lastCheckin) return;
    post(cfg.apiAnnul, {checkin: lastCheckin}).then(function (answer) {
      lastCheckin = null;
      undoBtn.disabled = true;
      show({result: answer.result === "ok" ? "already_checked_in" : "invalid", message: answer.message});
    }).catch(function () {});
  });

  // --- camera ----------------------------------------------------------------
  function tick() {
    if (video.readyState === video.HAVE_ENOUGH_DATA && !busy && resultEl.hidden) {
      var w = video.videoWidth, h = video.videoHeight;
      var scale = Math.min(1, 640 / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "attemptBoth"});
      if (found && found.data) {
        var now = Date.now();
        if (found.data !== lastCode || now - lastCodeAt > 4000) {
          lastCode = found.data;
          lastCodeAt = now;
          submit({code: found.data});
        }
      }
    }
    setTimeout(tick, 120);
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      statusEl.textContent = cfg.msgNocamera;
      return;
    }
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (stream) {
        video.srcObject = stream;
        return video.play();
      })
      .then(tick)
      .catch(function () { statusEl.textContent = cfg.msgNocamera; });
  }

  // --- manual search -----------------------------------------------------------
  var panel = document.getElementById("search");
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var searchTimer = null;
  document.getElementById("open-search").addEventListener("click", function () {
    panel.hidden = false;
    input.focus();
  });
  document.getElementById("close-search").addEventListener("click", function () { panel.hidden = true; });
  input.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 200);
  });
  function search() {
    var q = input.value.trim();
    if (!q) { results.innerHTML = ""; return; }
    fetch(cfg.apiSearch + "?" + query({q: q}), {headers: headers(), credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        results.innerHTML = "";
        (data.results || []).forEach(function (person) {
          var li = document.createElement("li");
          var who = document.createElement("div");
          var name = document.createElement("strong");
          name.textContent = person.name;
          var unit = document.createElement("span");
          unit.className = "muted";
          unit.textContent = person.unit + " · " + person.role;
          who.appendChild(name); who.appendChild(document.createElement("br")); who.appendChild(unit);
          li.appendChild(who);
          var button = document.createElement("button");
          button.type = "button";
          button.className = "btn" + (person.checked_in ? " btn-secondary" : "");
          button.textContent = person.checked_in ? cfg.msgArrived : cfg.msgCheckin;
          button.addEventListener("click", function () {
            submit({registration: person.id}).then(function (answer) {
              if (answer && answer.result === "ok") { panel.hidden = true; input.value = ""; results.innerHTML = ""; }
            });
          });
          li.appendChild(button);
          results.appendChild(li);
        });
        if (!results.children.length) {
          var empty = document.createElement("li");
          empty.className = "empty";
          empty.textContent = cfg.msgNoresults;
          results.appendChild(empty);
        }
      }).catch(function () {});
  }

  // --- start -------------------------------------------------------------------
  if (cfg.mode === "device") {
    if (!token) { statusEl.textContent = cfg.msgUnpaired; return; }
    fetch(cfg.apiDevice, {headers: headers()}).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (info) {
      document.getElementById("scanner-title").textContent = info.conference.title;
      document.getElementById("scanner-list-name").textContent = info.list.name + " · " + info.device;
      startCamera();
    }).catch(function () { statusEl.textContent = cfg.msgUnpaired; startCamera(); });
  } else {
    startCamera();
  }
  flushQueue();
})();
