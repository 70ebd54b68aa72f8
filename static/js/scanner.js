/* Check-in scanner: continuous camera scanning with the vendored jsQR,
 * full-screen result, sound + vibration, manual code, manual search, undo
 * last. With a network the server decides each scan. A paired phone also
 * keeps the conference's encrypted roster (roster.js, docs/offline.md):
 * without network it decides on the phone, with the same result codes and
 * screens, queues the scan with its nonce and sends the queue in batches
 * when the network is back (the server counts a nonce once). Without a
 * roster (a staff session) scans are only queued, as before. */
(function () {
  "use strict";
  var root = document.getElementById("scanner");
  if (!root) return;
  var cfg = root.dataset;
  var MSG = JSON.parse(document.getElementById("scanner-messages").textContent);
  var Roster = window.HoiNghiRoster;
  var TOKEN_KEY = "hoinghi.scanner.token";
  var QUEUE_KEY = "hoinghi.scanner.queue." + (cfg.conference || "device");
  var SYNC_BATCH = 200;
  var token = cfg.mode === "device" ? localStorage.getItem(TOKEN_KEY) : null;
  var video = document.getElementById("camera");
  var statusEl = document.getElementById("status");
  var resultEl = document.getElementById("result");
  var undoBtn = document.getElementById("undo");
  var queueEl = document.getElementById("queue");
  var modeEl = document.getElementById("mode");
  var bannerEl = document.getElementById("banner");
  var canvas = document.createElement("canvas");
  var ctx = canvas.getContext("2d", {willReadFrequently: true});
  var lastCode = null, lastCodeAt = 0, busy = false, lastCheckin = null, hideTimer = null;
  var audio = null, rosterReady = false, rosterTried = false, networkDown = false, syncing = false;
  // Figures for bench/offline_door.py: QR decode, and decoded text to result on screen.
  window.HoiNghiScanner = {timings: [], decodes: []};
  function measured(started) {
    requestAnimationFrame(function () { window.HoiNghiScanner.timings.push(performance.now() - started); });
  }

  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, k) { return values[k]; });
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
      return r.json().then(function (data) { data.httpStatus = r.status; return data; });
    });
  }

  // --- mode: online / offline -------------------------------------------------
  function offline() { return networkDown || navigator.onLine === false; }

  function showMode() {
    var info = Roster && rosterReady ? Roster.info() : null;
    var off = offline();
    modeEl.className = "mode " + (off ? "mode-offline" : "mode-online");
    modeEl.textContent = off
      ? (info ? fill(MSG.offline_roster, {count: info.count.toLocaleString("vi-VN")}) : MSG.offline)
      : MSG.online;
    if (off && !info && token && rosterTried && bannerEl.hidden) banner(MSG.no_roster);
    if (info && bannerEl.textContent === MSG.no_roster) banner("");
    root.dataset.network = off ? "offline" : "online";
  }
  window.addEventListener("offline", function () { networkDown = true; showMode(); });
  window.addEventListener("online", function () { networkDown = false; showMode(); flushQueue(); refreshRoster(); });

  function banner(text) {
    bannerEl.textContent = text || "";
    bannerEl.hidden = !text;
  }

  // --- feedback -------------------------------------------------------------
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = kind === "ok" ? [880] : kind === "warn" ? [520, 520] : kind === "neutral" ? [660] : [220, 180];
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
    if (navigator.vibrate) navigator.vibrate(kind === "ok" || kind === "neutral" ? 120 : [200, 80, 200]);
  }

  function kindOf(result) {
    if (result === "ok" || result === "valid_unlisted") return "ok";
    if (result === "undone") return "neutral";
    if (result === "already_checked_in" || result === "queued" || result === "offline_conflict") return "warn";
    return "error";
  }

  function show(answer) {
    var kind = kindOf(answer.result);
    resultEl.className = "result result-" + kind + (answer.offline ? " result-offline" : "");
    resultEl.dataset.result = answer.result;
    resultEl.querySelector(".result-name").textContent = answer.name || "";
    resultEl.querySelector(".result-unit").textContent = answer.unit || "";
    var role = resultEl.querySelector(".result-role");
    role.textContent = answer.role || "";
    role.hidden = !answer.role;
    resultEl.querySelector(".result-message").textContent = answer.message || "";
    resultEl.querySelector(".result-mode").hidden = !answer.offline;
    resultEl.hidden = false;
    resultEl.focus();
    beep(kind);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, kind === "ok" || kind === "neutral" ? 2500 : 5000);
  }

  function hide() {
    resultEl.hidden = true;
    clearTimeout(hideTimer);
  }
  resultEl.addEventListener("click", hide);

  // --- the queue ---------------------------------------------------------------
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY)) || []; } catch (e) { return []; }
  }
  function saveQueue(q) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(q));
    queueEl.hidden = q.length === 0;
    queueEl.textContent = q.length + " " + cfg.msgQueue;
    queueEl.classList.remove("queue-sent");
    root.dataset.queued = q.length;
  }

  /* Once the queue is empty, say for a moment how many scans went out, so
   * staff coming back online see that the offline scans reached the server. */
  var sentTotal = 0, sentTimer = null;
  function sent(count) {
    sentTotal += count;
    if (!sentTotal || loadQueue().length) return;
    queueEl.textContent = fill(MSG.sent, {count: sentTotal});
    queueEl.classList.add("queue-sent");
    queueEl.hidden = false;
    sentTotal = 0;
    clearTimeout(sentTimer);
    sentTimer = setTimeout(function () { saveQueue(loadQueue()); }, 6000);
  }

  function review(answer) {
    var list = document.getElementById("review-list");
    var li = document.createElement("li");
    li.className = "review-" + answer.result;
    var who = document.createElement("strong");
    who.textContent = answer.name || "";
    li.appendChild(who);
    li.appendChild(document.createTextNode(" " + (answer.message || "")));
    list.prepend(li);
    document.getElementById("review").hidden = false;
  }

  var REVIEW = {offline_conflict: 1, revoked_since: 1, invalid_time: 1};

  /* Decided scans go in batches to the sync API (device); undecided ones
   * one by one to the check-in API, as before. */
  function flushQueue() {
    if (syncing) return;
    var q = loadQueue();
    if (!q.length) return;
    var decided = q.filter(function (x) { return x.offline_result; });
    syncing = true;
    var send = decided.length && token ? sendBatch(decided.slice(0, SYNC_BATCH)) : sendOne(q[0]);
    send.then(function (more) {
      syncing = false;
      networkDown = false;
      showMode();
      if (more) flushQueue();
    }, function () {
      syncing = false;
      networkDown = true;
      showMode();
    });
  }

  function sendOne(item) {
    return post(cfg.apiCheckin, item).then(function (answer) {
      saveQueue(loadQueue().filter(function (x) { return x.nonce !== item.nonce; }));
      sent(1);
      if (answer.result !== "ok") show(answer);
      return loadQueue().length > 0;
    });
  }

  function sendBatch(items) {
    return fetch(cfg.apiSync, {
      method: "POST", headers: headers(),
      body: JSON.stringify({sent_at: Date.now(), scans: items})
    }).then(function (r) {
      if (r.status === 401) return r.json().then(revoked);
      if (r.status >= 500) throw new Error("server " + r.status);
      return r.json();
    }).then(function (data) {
      if (!data) return false;
      var done = {}, hashes = {};
      items.forEach(function (x) { hashes[x.nonce] = x.hash; });
      (data.results || []).forEach(function (answer) {
        done[answer.nonce] = true;
        // The phone knows whom it admitted even when the server cannot say.
        var who = !answer.name && Roster && rosterReady && Roster.person(hashes[answer.nonce]);
        if (who) { answer.name = who.name; answer.unit = who.unit; answer.role = who.role; }
        if (REVIEW[answer.result] && !answer.repeat) review(answer);
      });
      var flagged = (data.results || []).filter(function (a) { return REVIEW[a.result] && !a.repeat; });
      if (flagged.length) show(flagged[0]);
      if (data.clock_message) banner(data.clock_message);
      saveQueue(loadQueue().filter(function (x) { return !done[x.nonce]; }));
      sent(Object.keys(done).length);
      var left = loadQueue().some(function (x) { return x.offline_result; });
      if (!left) refreshRoster();
      return loadQueue().length > 0;
    });
  }
  setInterval(flushQueue, 5000);

  // --- the roster ------------------------------------------------------------------
  /* A revoked or unpaired phone cannot scan: hide the camera, the manual
   * code and the tools; the banner says why and what to do. */
  function lockScanner() {
    root.classList.add("scanner-off");
    resultEl.hidden = true;
    document.getElementById("search").hidden = true;
    if (video.srcObject) video.srcObject.getTracks().forEach(function (t) { t.stop(); });
  }

  function revoked() {
    token = null;
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(QUEUE_KEY);
    saveQueue([]);
    rosterReady = false;
    showMode();
    banner(MSG.revoked);
    lockScanner();
    document.getElementById("scanner-off-help").hidden = false;
    root.dataset.roster = "wiped";
    return Roster ? Roster.wipe().then(function () { return false; }) : false;
  }

  function rosterFailed(error) {
    var code = error && error.code;
    if (code === "revoked") return revoked();
    if (code === "tampered_roster") banner(MSG.tampered);
    else if (code === "foreign_roster") banner(MSG.foreign);
    else if (code === "conference_ended") { rosterReady = false; banner(MSG.ended); root.dataset.roster = "wiped"; }
    else if (!code) { networkDown = true; }
    showMode();
  }

  function rosterLoaded() {
    rosterReady = true;
    var info = Roster.info();
    root.dataset.roster = String(info.count);
    // Scans admitted here but not yet sent stay admitted after a reload.
    loadQueue().forEach(function (x) { if (x.hash && x.offline_result) Roster.mark(x.hash, true); });
    if (!document.getElementById("scanner-title").dataset.set) {
      document.getElementById("scanner-title").textContent = info.meta.conference.title;
      document.getElementById("scanner-list-name").textContent = info.meta.list.name + " · " + info.meta.device.name;
    }
    var skew = Math.round((info.meta.fetched_at - info.meta.issued_at) / 60000);
    if (Math.abs(skew) >= 5) banner(fill(MSG.clock, {minutes: skew}));
    showMode();
  }

  function refreshRoster() {
    if (!Roster || !token || offline()) return Promise.resolve();
    return Roster.refresh(cfg.apiRoster, token).then(rosterLoaded, rosterFailed);
  }

  // --- check-in ------------------------------------------------------------------
  function decideHere(payload, started) {
    return Roster.decide(payload).then(function (answer) {
      answer.message = MSG[answer.result] || "";
      var admitted = answer.result === "ok" || answer.result === "valid_unlisted";
      var item = {nonce: payload.nonce, at: Date.now(), offline_result: answer.result, hash: answer.hash || ""};
      if (payload.code !== undefined) item.code = payload.code;
      if (payload.manual_code !== undefined) item.manual_code = payload.manual_code;
      if (payload.registration !== undefined) item.registration = payload.registration;
      var q = loadQueue();
      q.push(item);
      saveQueue(q);
      if (admitted) {
        Roster.mark(answer.hash, true);
        lastCheckin = {offline: payload.nonce, hash: answer.hash};
        undoBtn.disabled = false;
      }
      show(answer);
      measured(started);
      return answer;
    });
  }

  function submit(payload, started) {
    started = started || performance.now();
    payload.nonce = nonce();
    busy = true;
    var useRoster = Roster && rosterReady;
    var attempt = useRoster && offline()
      ? decideHere(payload, started)
      : post(cfg.apiCheckin, payload).then(function (answer) {
        if (answer.httpStatus === 401 && token) { revoked(); show(answer); return answer; }
        networkDown = false;
        showMode();
        if (answer.result === "ok" && answer.checkin_id) {
          lastCheckin = {id: answer.checkin_id};
          undoBtn.disabled = false;
        }
        show(answer);
        measured(started);
        return answer;
      }).catch(function () {
        networkDown = true;
        showMode();
        if (useRoster) { delete payload.conference; delete payload.list; return decideHere(payload, started); }
        var q = loadQueue();
        q.push(withScope(payload));
        saveQueue(q);
        show({result: "queued", message: cfg.msgQueued});
      });
    return attempt.then(function (answer) { busy = false; return answer; }, function () { busy = false; });
  }

  undoBtn.addEventListener("click", function () {
    if (!lastCheckin) return;
    var undo = lastCheckin;
    if (undo.offline) {
      var before = loadQueue();
      var after = before.filter(function (x) { return x.nonce !== undo.offline; });
      if (after.length < before.length) {
        saveQueue(after);
        Roster.mark(undo.hash, false);
        lastCheckin = null;
        undoBtn.disabled = true;
        show({result: "undone", message: MSG.undone_offline});
        return;
      }
      return;  // already sent: the server's answer named the check-in
    }
    post(cfg.apiAnnul, {checkin: undo.id}).then(function (answer) {
      lastCheckin = null;
      undoBtn.disabled = true;
      show({result: answer.result === "ok" ? "undone" : "invalid", message: answer.message});
    }).catch(function () {});
  });

  // --- manual code ----------------------------------------------------------------
  var manualForm = document.getElementById("manual-form");
  var manualInput = document.getElementById("manual-code");
  manualForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = manualInput.value.trim();
    if (!text || busy) return;
    submit({manual_code: text}).then(function (answer) {
      if (answer && (answer.result === "ok" || answer.result === "already_checked_in")) manualInput.value = "";
    });
  });

  // --- camera ----------------------------------------------------------------
  function tick() {
    if (video.readyState === video.HAVE_ENOUGH_DATA && !busy && resultEl.hidden) {
      var started = performance.now();
      var w = video.videoWidth, h = video.videoHeight;
      var scale = Math.min(1, 640 / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "attemptBoth"});
      if (found && found.data) {
        window.HoiNghiScanner.decodes.push(performance.now() - started);
        started = performance.now();
        var now = Date.now();
        if (found.data !== lastCode || now - lastCodeAt > 4000) {
          lastCode = found.data;
          lastCodeAt = now;
          submit({code: found.data}, started);
        }
      }
    }
    setTimeout(tick, 120);
  }

  function noCamera() {
    statusEl.textContent = cfg.msgNocamera;
    root.classList.add("camera-off");
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      noCamera();
      return;
    }
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (stream) {
        video.srcObject = stream;
        return video.play();
      })
      .then(tick)
      .catch(noCamera);
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
  /* Offline, a paired phone searches its own roster; without one the search
   * says it needs the network instead of showing nothing. */
  function searchHere(q) {
    if (Roster && rosterReady) return Promise.resolve({results: Roster.search(q)});
    return Promise.resolve({results: [], message: cfg.msgSearchoffline});
  }

  function search() {
    var q = input.value.trim();
    if (!q) { results.innerHTML = ""; return; }
    var asked = offline() ? searchHere(q) : fetch(cfg.apiSearch + "?" + query({q: q}), {headers: headers(), credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .catch(function () { networkDown = true; showMode(); return searchHere(q); });
    asked
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
          empty.textContent = data.message || cfg.msgNoresults;
          results.appendChild(empty);
        }
      }).catch(function () {});
  }

  // --- start -------------------------------------------------------------------
  saveQueue(loadQueue());
  showMode();
  if (cfg.mode === "device") {
    if (!token) {
      banner(cfg.msgUnpaired);
      lockScanner();
      if (Roster) Roster.wipe();
      return;
    }
    var stored = Roster ? Roster.load().then(function (s) { if (s && s.meta) rosterLoaded(); }, rosterFailed) : Promise.resolve();
    stored = stored.then(function () { rosterTried = true; showMode(); });
    stored.then(function () {
      return fetch(cfg.apiDevice, {headers: headers()});
    }).then(function (r) {
      if (r.status === 401) { revoked(); throw new Error("revoked"); }
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (info) {
      var title = document.getElementById("scanner-title");
      title.textContent = info.conference.title;
      title.dataset.set = "1";
      document.getElementById("scanner-list-name").textContent = info.list.name + " · " + info.device;
      networkDown = false;
      showMode();
      startCamera();
      flushQueue();
      refreshRoster();
      setInterval(refreshRoster, 60000);
    }).catch(function (error) {
      if (error && error.message === "revoked") return;
      networkDown = true;
      showMode();
      startCamera();
    });
  } else {
    startCamera();
    flushQueue();
  }
})();
