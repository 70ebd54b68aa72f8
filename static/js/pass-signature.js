/* Signed pass codes, checked without the server (docs/signed-passes.md).
 *
 *   var parsed = HoiNghiPass.parse(text);   // {code, kid, sig} or null
 *   HoiNghiPass.verify(parsed, keys, conferenceId).then(function (genuine) {});
 *
 * A pass QR carries "H1.<code>.<kid>.<sig>": the 32-character pass code, the
 * key id (8 hex) and the base64url Ed25519 signature over the UTF-8 bytes of
 * "hoinghi-pass/1\n" + conferenceId + "\n" + code. ``parse`` also accepts a
 * bare code or a pass link (then kid and sig are ""), as the server does.
 * ``keys`` is the conference's key list from the server
 * ([{kid, public_key, retired}]); ``verify`` resolves true only for a signed
 * pass whose key is listed, not retired, and whose signature verifies for
 * this conference and code. It rejects (an Error) only when this browser can
 * check no signature at all, so "cannot tell" is never shown as "forged".
 *
 * WebCrypto's Ed25519 is used where the page has it (a secure context in a
 * current browser); elsewhere (http:// on a venue LAN, older phones) the
 * vendored TweetNaCl (static/vendor/tweetnacl, public domain) is loaded from
 * the URL in this script tag's data-nacl attribute. The two agree on
 * tests/data/pass_signature_vectors.json (tests/browser/test_pass_signature.py).
 */
(function () {
  "use strict";
  var MAX_SCAN_LENGTH = 500;
  var DOMAIN = "hoinghi-pass/1";
  var SIGNED = /^H1\.([A-Za-z0-9_-]{32})\.([0-9a-f]{8})\.([A-Za-z0-9_-]{86})$/;
  var CODE = /^[A-Za-z0-9_-]{32}$/;
  var B64URL = /^[A-Za-z0-9_-]*$/;
  var script = document.currentScript;
  var naclSrc = script && script.getAttribute("data-nacl");
  var naclLoading = null;
  var subtleKeys = {};  // kid + public key -> Promise<CryptoKey>
  var subtleWorks = null;  // null: not tried yet

  function bareCode(text) {
    if (text.indexOf("/") !== -1 || text.indexOf("?") !== -1) {
      var query = text.split("?").slice(1).join("?");
      var found = null;
      if (text.indexOf("?") !== -1) {
        var parts = query.split("&");
        for (var i = 0; i < parts.length; i++) {
          var eq = parts[i].indexOf("=");
          var key = eq === -1 ? parts[i] : parts[i].slice(0, eq);
          if (key === "code") { found = eq === -1 ? "" : parts[i].slice(eq + 1); break; }
        }
      }
      if (found === null) {
        var path = text.split("?")[0].split("#")[0].replace(/\/+$/, "");
        found = path.slice(path.lastIndexOf("/") + 1);
      }
      text = found;
    }
    return CODE.test(text) ? text : null;
  }

  function parse(text) {
    if (typeof text !== "string" || text.length > MAX_SCAN_LENGTH) return null;
    text = text.trim();
    if (text.indexOf("H1.") === 0) {
      var match = SIGNED.exec(text);
      return match ? {code: match[1], kid: match[2], sig: match[3]} : null;
    }
    var code = bareCode(text);
    return code === null ? null : {code: code, kid: "", sig: ""};
  }

  function fromB64url(text) {
    if (typeof text !== "string" || !B64URL.test(text) || text.length % 4 === 1) return null;
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary;
    try { binary = atob(base64); } catch (e) { return null; }
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function message(conferenceId, code) {
    return new TextEncoder().encode(DOMAIN + "\n" + String(conferenceId) + "\n" + code);
  }

  function loadNacl() {
    if (window.nacl) return Promise.resolve(window.nacl);
    if (!naclSrc) return Promise.reject(new Error("no Ed25519 verifier in this browser"));
    if (!naclLoading) {
      naclLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = naclSrc;
        tag.onload = function () {
          if (window.nacl) resolve(window.nacl); else reject(new Error("TweetNaCl did not load"));
        };
        tag.onerror = function () { naclLoading = null; reject(new Error("TweetNaCl did not load")); };
        document.head.appendChild(tag);
      });
    }
    return naclLoading;
  }

  function naclVerify(publicKey, signature, data) {
    return loadNacl().then(function (nacl) {
      return nacl.sign.detached.verify(data, signature, publicKey);
    });
  }

  function subtleVerify(kid, publicKey, signature, data) {
    var subtle = window.crypto && window.crypto.subtle;
    if (!subtle || subtleWorks === false) return Promise.reject(new Error("no WebCrypto Ed25519"));
    var cacheKey = kid + ":" + Array.prototype.join.call(publicKey, ",");
    if (!subtleKeys[cacheKey]) {
      subtleKeys[cacheKey] = subtle.importKey("raw", publicKey, {name: "Ed25519"}, false, ["verify"]);
    }
    return subtleKeys[cacheKey].then(function (key) {
      subtleWorks = true;
      return subtle.verify({name: "Ed25519"}, key, signature, data);
    }, function (error) {
      delete subtleKeys[cacheKey];
      subtleWorks = false;
      throw error;
    });
  }

  function verify(parsed, keys, conferenceId, options) {
    if (!parsed || !parsed.kid || !parsed.sig || !keys) return Promise.resolve(false);
    var key = null;
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].kid === parsed.kid) { key = keys[i]; break; }
    }
    if (!key || key.retired) return Promise.resolve(false);
    var publicKey = fromB64url(key.public_key);
    var signature = fromB64url(parsed.sig);
    if (!publicKey || publicKey.length !== 32 || !signature || signature.length !== 64) {
      return Promise.resolve(false);
    }
    var data = message(conferenceId, parsed.code);
    if (options && options.fallback) return naclVerify(publicKey, signature, data);
    return subtleVerify(parsed.kid, publicKey, signature, data).catch(function () {
      return naclVerify(publicKey, signature, data);
    });
  }

  window.HoiNghiPass = {parse: parse, verify: verify};
})();
