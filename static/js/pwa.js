/* Registers the service worker (/sw.js, docs/offline.md) on the scanner,
 * pass and live-agenda pages, and offers a reload when a new version has
 * been deployed: the new worker waits until the user says so, so a scan in
 * progress is never cut short. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-sw]");
  if (!script || !("serviceWorker" in navigator)) return;
  var data = script.dataset;
  var reloading = false;

  function prompt(worker) {
    if (document.getElementById("sw-update")) return;
    var bar = document.createElement("div");
    bar.id = "sw-update";
    bar.className = "sw-update";
    bar.setAttribute("role", "status");
    var text = document.createElement("span");
    text.textContent = data.msgUpdate;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn";
    button.textContent = data.msgReload;
    button.addEventListener("click", function () { worker.postMessage("skip-waiting"); });
    bar.append(text, button);
    document.body.appendChild(bar);
    // Room under the page for the bar, so it hides none of the scanner's tools.
    document.body.classList.add("sw-update-shown");
  }

  // The first worker's claim also changes the controller: only a change the
  // user asked for (the prompt) reloads, and that one must not be spent before.
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading || !document.documentElement.dataset.swUpdating) return;
    reloading = true;
    location.reload();
  });

  navigator.serviceWorker.register(data.sw, {scope: "/"}).then(function (registration) {
    function watch(worker) {
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) {
          document.documentElement.dataset.swUpdating = "1";
          prompt(worker);
        }
        if (worker.state === "activated") document.documentElement.dataset.sw = "ready";
      });
    }
    if (registration.waiting && navigator.serviceWorker.controller) {
      document.documentElement.dataset.swUpdating = "1";
      prompt(registration.waiting);
    }
    if (registration.installing) watch(registration.installing);
    registration.addEventListener("updatefound", function () { watch(registration.installing); });
    if (registration.active) document.documentElement.dataset.sw = "ready";
    return navigator.serviceWorker.ready;
  }).then(function () {
    document.documentElement.dataset.sw = "ready";
  }).catch(function () { /* no service worker: the pages still work online */ });
})();
