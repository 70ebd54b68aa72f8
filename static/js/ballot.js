/* Secret ballots: encrypt on the phone to the poll's key, as
 * events/ballot_crypto.py decrypts at the close (ECDH P-256 + HKDF-SHA-256 +
 * AES-256-GCM, plaintext padded to 1,024 bytes, the poll id bound in the
 * key derivation and as associated data).
 *
 *   HoiNghiBallot.encrypt(publicKeyB64, pollId, {receipt, choices})
 *     -> Promise<Uint8Array>  (65-byte point || 12-byte iv || ciphertext)
 *   HoiNghiBallot.receipt() -> "K7FM3QX9AB" (10 unambiguous characters)
 */
(function () {
  "use strict";
  var PLAINTEXT_SIZE = 1024;
  var ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  var subtle = window.crypto && window.crypto.subtle;

  function fromB64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function pad(payload) {
    var data = new TextEncoder().encode(JSON.stringify(payload));
    if (data.length > PLAINTEXT_SIZE) throw new Error("ballot too large");
    var out = new Uint8Array(PLAINTEXT_SIZE).fill(0x20);
    out.set(data);
    return out;
  }

  function receipt() {
    var bytes = new Uint8Array(10), out = "";
    crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) out += ALPHABET[bytes[i] % 32];
    return out;
  }

  async function encrypt(publicKeyB64, pollId, payload) {
    if (!subtle) throw new Error("WebCrypto unavailable");
    var pollKey = await subtle.importKey(
      "spki", fromB64(publicKeyB64), {name: "ECDH", namedCurve: "P-256"}, false, []);
    var eph = await subtle.generateKey({name: "ECDH", namedCurve: "P-256"}, true, ["deriveBits"]);
    var secret = await subtle.deriveBits({name: "ECDH", public: pollKey}, eph.privateKey, 256);
    var hkdf = await subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
    var id = new TextEncoder().encode(String(pollId));
    var info = new TextEncoder().encode("hoinghi-ballot/1:" + String(pollId));
    var key = await subtle.deriveKey(
      {name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: info},
      hkdf, {name: "AES-GCM", length: 256}, false, ["encrypt"]);
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var sealed = new Uint8Array(await subtle.encrypt(
      {name: "AES-GCM", iv: iv, additionalData: id}, key, pad(payload)));
    var point = new Uint8Array(await subtle.exportKey("raw", eph.publicKey));
    var out = new Uint8Array(point.length + iv.length + sealed.length);
    out.set(point, 0);
    out.set(iv, point.length);
    out.set(sealed, point.length + iv.length);
    return out;
  }

  window.HoiNghiBallot = {encrypt: encrypt, receipt: receipt, PLAINTEXT_SIZE: PLAINTEXT_SIZE};
})();
