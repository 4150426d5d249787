// Registers Tandem's service worker (it caches the app shell and shows an offline page;
// see tandem/core/templates/core/sw.js). Its address comes from this script tag's
// data-service-worker attribute, so a path prefix is respected. Without service worker
// support, or when registration fails, the site works as before: nothing to report.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  var url = script.getAttribute("data-service-worker");
  if (!url) return;
  navigator.serviceWorker.register(url).catch(function () {});
})();
