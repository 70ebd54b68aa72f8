/* The roster on a paired scanner phone (docs/offline.md): downloaded
 * encrypted for this device (AES-256-GCM, a key delivered at pairing and
 * kept as a non-extractable WebCrypto key), stored encrypted in IndexedDB,
 * refreshed by delta, wiped when the device is revoked or the conference
 * has ended. Records are keyed by HMAC-SHA-256(salt, code): the phone looks
 * a scanned code up without holding any code. decide() gives the same
 * result codes as the server (events/services/checkin.py). */
(function () {
  "use strict";
  var DB = "hoinghi-scanner", STORE = "kv", FORMAT = "hoinghi-roster/1";
  var LOCAL = "hoinghi-roster-local/1";
  var PASS_CODE = /^[A-Za-z0-9_-]{32}$/;
  var MANUAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  var enc = new TextEncoder(), dec = new TextDecoder();
  var state = null;  // {device, meta, byHash, byManual, saltKey}

  // --- IndexedDB ------------------------------------------------------------
  function db() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore(STORE); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }
  function tx(mode, fn) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var t = conn.transaction(STORE, mode), store = t.objectStore(STORE), out;
        var req = fn(store);
        if (req) req.onsuccess = function () { out = req.result; };
        t.oncomplete = function () { conn.close(); resolve(out); };
        t.onerror = t.onabort = function () { conn.close(); reject(t.error); };
      });
    });
  }
  function get(key) { return tx("readonly", function (s) { return s.get(key); }); }
  function put(key, value) { return tx("readwrite", function (s) { s.put(value, key); }); }

  // --- bytes ----------------------------------------------------------------
  function unb64(text) {
    var s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < 16; i++) out += ("0" + bytes[i].toString(16)).slice(-2);
    return out;
  }

  function fail(code, detail) { var e = new Error(detail || code); e.code = code; return e; }

  // --- pairing, wiping --------------------------------------------------------
  function pair(info) {
    return wipe().then(function () {
      return crypto.subtle.importKey("raw", unb64(info.key), {name: "AES-GCM"}, false, ["encrypt", "decrypt"]);
    }).then(function (key) {
      return put("device", {key: key, conference: info.conference, device: info.device});
    });
  }

  function wipe() {
    state = null;
    return tx("readwrite", function (s) { s.clear(); }).catch(function () {});
  }

  // --- the roster ----------------------------------------------------------------
  function aad(device, version) {
    return enc.encode(FORMAT + "\n" + device.conference + "\n" + device.device + "\n" + version);
  }

  function openEnvelope(device, envelope) {
    if (!envelope || envelope.format !== FORMAT) return Promise.reject(fail("bad_roster"));
    if (envelope.conference !== device.conference || envelope.device !== device.device) {
      return Promise.reject(fail("foreign_roster"));
    }
    return crypto.subtle.decrypt(
      {name: "AES-GCM", iv: unb64(envelope.iv), additionalData: aad(device, envelope.version)},
      device.key, unb64(envelope.data)
    ).catch(function () { throw fail("tampered_roster"); }).then(function (plain) {
      var payload = JSON.parse(dec.decode(plain));
      if (payload.conference.id !== device.conference || payload.device.id !== device.device ||
          payload.version !== envelope.version) throw fail("foreign_roster");
      return payload;
    });
  }

  function build(device, meta, records) {
    return crypto.subtle.importKey("raw", enc.encode(meta.salt), {name: "HMAC", hash: "SHA-256"}, false, ["sign"])
      .then(function (saltKey) {
        var byHash = new Map(), byManual = new Map();
        records.forEach(function (r) {
          var rec = {h: r[0], m: r[1], name: r[2], unit: r[3], role: r[4], roleId: r[5], colour: r[6],
                     status: r[7], checked: r[8], title: r[9], id: r[10], sort: r[11] || ""};
          byHash.set(rec.h, rec);
          if (rec.m) byManual.set(rec.m, rec);
        });
        state = {device: device, meta: meta, byHash: byHash, byManual: byManual, saltKey: saltKey};
        return state;
      });
  }

  function records() {
    var out = [];
    state.byHash.forEach(function (r) {
      out.push([r.h, r.m, r.name, r.unit, r.role, r.roleId, r.colour, r.status, r.checked, r.title, r.id, r.sort]);
    });
    return out;
  }

  function save() {
    var device = state.device, iv = crypto.getRandomValues(new Uint8Array(12));
    var plain = enc.encode(JSON.stringify({meta: state.meta, records: records()}));
    return crypto.subtle.encrypt(
      {name: "AES-GCM", iv: iv, additionalData: enc.encode(LOCAL + "\n" + device.conference + "\n" + device.device)},
      device.key, plain
    ).then(function (sealed) {
      return put("roster", {iv: iv, data: sealed, version: state.meta.version, count: state.byHash.size});
    });
  }

  function expired() {
    return state && state.meta.expires_at && Date.now() > state.meta.expires_at;
  }

  /* The stored roster, decrypted into memory; null if there is none. */
  function load() {
    return Promise.all([get("device"), get("roster")]).then(function (found) {
      var device = found[0], stored = found[1];
      if (!device || !stored) { state = null; return device ? {device: device} : null; }
      return crypto.subtle.decrypt(
        {name: "AES-GCM", iv: stored.iv, additionalData: enc.encode(LOCAL + "\n" + device.conference + "\n" + device.device)},
        device.key, stored.data
      ).then(function (plain) {
        var data = JSON.parse(dec.decode(plain));
        return build(device, data.meta, data.records);
      }).then(function () {
        if (expired()) return wipe().then(function () { throw fail("conference_ended"); });
        return state;
      });
    });
  }

  /* Download the roster (a delta when one is stored); resolves with the
   * state. Rejects with .code "revoked" (after wiping), "not_paired",
   * "tampered_roster", "foreign_roster" or a network error. */
  function refresh(url, token, full) {
    var started = performance.now();
    return get("device").then(function (device) {
      if (!device) throw fail("not_paired");
      var since = !full && state && state.device.device === device.device ? state.meta.version : 0;
      return fetch(url + (since ? "?since=" + since : ""), {
        headers: {Authorization: "Bearer " + token}, cache: "no-store"
      }).then(function (response) {
        if (response.status === 401) return wipe().then(function () { throw fail("revoked"); });
        if (!response.ok) throw fail("server", String(response.status));
        return response.json();
      }).then(function (envelope) { return openEnvelope(device, envelope); })
        .then(function (payload) {
          var meta = {
            version: payload.version, salt: payload.salt, list: payload.list,
            conference: payload.conference, device: payload.device, keys: payload.keys || [],
            issued_at: payload.issued_at, expires_at: payload.expires_at, total: payload.total,
            fetched_at: Date.now()
          };
          var merge = !payload.full && state && state.meta.salt === payload.salt;
          if (!payload.full && !merge) return refresh(url, token, true);
          var base = merge ? records() : [];
          var byH = new Map();
          base.forEach(function (r) { byH.set(r[0], r); });
          payload.records.forEach(function (r) { byH.set(r[0], r); });
          return build(device, meta, Array.from(byH.values())).then(function () {
            if (state.byHash.size !== payload.total && !payload.full) return refresh(url, token, true);
            if (expired()) return wipe().then(function () { throw fail("conference_ended"); });
            return save().then(function () {
              state.lastRefreshMs = performance.now() - started;
              return state;
            });
          });
        });
    });
  }

  // --- deciding a scan -------------------------------------------------------------
  function parseCode(raw) {
    if (typeof raw !== "string" || raw.length > 500) return null;
    var text = raw.trim(), signed = null;
    if (window.HoiNghiPass) {
      var parsed = window.HoiNghiPass.parse(text);
      if (parsed) return parsed.sig ? parsed : {code: parsed.code};
      return null;
    }
    if (/^H1\./.test(text)) {
      var parts = text.split(".");
      if (parts.length === 4) signed = {code: parts[1], kid: parts[2], sig: parts[3]};
      text = parts[1] || "";
    } else if (text.indexOf("/") >= 0 || text.indexOf("?") >= 0) {
      var query = text.split("?")[1] || "", hit = null;
      query.split("&").forEach(function (part) {
        var kv = part.split("=");
        if (hit === null && kv[0] === "code") hit = kv.slice(1).join("=");
      });
      if (hit !== null) text = hit;
      else {
        text = text.split("?")[0].split("#")[0].replace(/\/+$/, "");
        text = text.slice(text.lastIndexOf("/") + 1);
      }
    }
    if (!PASS_CODE.test(text)) return null;
    return signed || {code: text};
  }

  function normalizeManual(raw) {
    if (typeof raw !== "string" || raw.length > 20) return null;
    var text = raw.toUpperCase().replace(/[^A-Z0-9]/g, "");
    if (text.length !== 8) return null;
    for (var i = 0; i < text.length; i++) if (MANUAL_ALPHABET.indexOf(text[i]) < 0) return null;
    return text;
  }

  function hmac(text) {
    return crypto.subtle.sign("HMAC", state.saltKey, enc.encode(text)).then(hex);
  }

  function answer(result, rec, extra) {
    var out = {result: result, offline: true};
    if (rec) {
      out.name = rec.name; out.unit = rec.unit; out.role = rec.role; out.title = rec.title;
      out.role_colour = rec.colour; out.hash = rec.h;
    }
    for (var k in extra || {}) out[k] = extra[k];
    return out;
  }

  function judge(rec) {
    var list = state.meta.list;
    if (rec.status === "retired") return answer("revoked", rec);
    if (rec.status !== "approved") return answer("not_approved", rec);
    if (list.role_limited && list.roles.indexOf(rec.roleId) < 0) return answer("not_allowed_on_list", rec);
    if (rec.checked && !list.allow_reentry) return answer("already_checked_in", rec);
    return answer("ok", rec);
  }

  /* true: genuine; false: forged; "retired": a retired key; null: cannot tell
   * (no signature, no verifier in this browser). */
  function verifySigned(parsed) {
    var keys = state.meta.keys || [];
    if (!parsed.sig || !window.HoiNghiPass || !keys.length) return Promise.resolve(null);
    var key = keys.filter(function (k) { return k.kid === parsed.kid; })[0];
    return window.HoiNghiPass.verify(parsed, keys, state.meta.conference.id).then(function (genuine) {
      if (!genuine && key && key.retired) {
        return window.HoiNghiPass.verify(parsed, [{kid: key.kid, public_key: key.public_key, retired: false}],
          state.meta.conference.id).then(function (ok) { return ok ? "retired" : false; });
      }
      return genuine;
    }, function () { return null; });
  }

  /* Lower case, no diacritics: "Nông Thị Hạnh" → "nong thi hanh". */
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function byId(id) {
    var found = null;
    state.byHash.forEach(function (r) { if (r.id === id && r.status !== "retired") found = r; });
    return found;
  }

  /* People whose name or unit holds every word of ``query`` (with or without
   * diacritics), as the search API answers, for the name search offline. */
  function search(query, limit) {
    if (!state) return [];
    var words = fold(query).split(/\s+/).filter(Boolean);
    var out = [];
    if (!words.length) return out;
    state.byHash.forEach(function (r) {
      if (r.status === "retired") return;
      var text = fold(r.name + " " + r.unit);
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) out.push(r);
    });
    // Vietnamese order, as the server's search: by the registration's sort key
    // (given name, middle, family), then the first ``limit`` of them.
    out.sort(function (a, b) { return a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0; });
    return out.slice(0, limit || 20).map(function (r) {
      return {id: r.id, name: r.name, unit: r.unit, role: r.role, checked_in: !!r.checked};
    });
  }

  /* Decide {code}, {manual_code} or {registration} (a name search) against
   * the roster (no network). */
  function decide(input) {
    if (!state) return Promise.reject(fail("no_roster"));
    if (input.registration !== undefined) {
      var person = byId(input.registration);
      return Promise.resolve(person ? judge(person) : answer("invalid"));
    }
    if (input.manual_code !== undefined) {
      var manual = normalizeManual(input.manual_code);
      if (!manual) return Promise.resolve(answer("invalid"));
      return hmac("m:" + manual).then(function (h) {
        var rec = state.byManual.get(h);
        return rec ? judge(rec) : answer("unknown_code");
      });
    }
    var parsed = parseCode(input.code);
    if (!parsed) return Promise.resolve(answer("invalid"));
    // A signature is checked first, as on the server: a forged one is
    // refused even when its code is in the roster.
    return Promise.all([hmac(parsed.code), verifySigned(parsed)]).then(function (both) {
      var h = both[0], valid = both[1], rec = state.byHash.get(h);
      if (valid === false) return answer("bad_signature");
      if (valid === "retired") return answer("retired_key", rec);
      if (rec) return judge(rec);
      if (valid === true) return answer("valid_unlisted", null, {hash: h});
      return answer("unknown_code");
    });
  }

  /* The phone admitted (or un-admitted) the holder of ``hash``. */
  function mark(hash, checked) {
    var rec = state && state.byHash.get(hash);
    if (rec) rec.checked = checked ? 1 : 0;
  }

  /* Who the record ``hash`` is (name, unit, role), to name a scan the
   * server could not; null if the roster has no such record. */
  function person(hash) {
    var rec = state && state.byHash.get(hash);
    return rec ? {name: rec.name, unit: rec.unit, role: rec.role} : null;
  }

  function info() {
    if (!state) return null;
    return {count: state.byHash.size, version: state.meta.version, meta: state.meta,
            lastRefreshMs: state.lastRefreshMs};
  }

  window.HoiNghiRoster = {
    pair: pair, wipe: wipe, load: load, refresh: refresh, decide: decide, mark: mark, info: info,
    search: search, person: person, parseCode: parseCode, normalizeManual: normalizeManual
  };
})();
