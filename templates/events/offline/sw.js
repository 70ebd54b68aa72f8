/* Hội nghị service worker (docs/offline.md), version {{ v }}.
 * The scanner, its scripts and styles are cached at install, so a paired
 * phone opens the scanner with no network at all. Pages of the pass and the
 * live agenda are kept as last seen (network first, the copy when offline).
 * The API and websockets are never cached. A new version waits until the
 * page asks it to take over (the "new version" prompt). */
"use strict";
var VERSION = "{{ v }}";
var CACHE = "hoinghi-" + VERSION;
var PRECACHE = {{ precache|safe }};
var STATIC = {{ static_prefix|safe }};
var PAGES = [/^\/scanner\/$/, /^\/c\/[^/]+\/pass\/$/, /^\/pass\/[^/]+\/$/, /^\/c\/[^/]+\/agenda\/$/];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (url) { return new Request(url, {credentials: "same-origin"}); }));
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("hoinghi-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "version" && event.source) event.source.postMessage({version: VERSION});
});

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, {ignoreSearch: true, ignoreVary: true}).then(function (hit) {
      return hit || Response.error();
    });
  });
}

function cacheFirst(request) {
  return caches.match(request, {ignoreVary: true}).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(STATIC) === 0) { event.respondWith(cacheFirst(request)); return; }
  if (request.mode === "navigate" && PAGES.some(function (re) { return re.test(url.pathname); })) {
    event.respondWith(networkFirst(request));
  }
});
