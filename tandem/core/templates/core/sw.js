{% autoescape off %}// Tandem's service worker, rendered by tandem.core.views.service_worker so it knows the
// static files' current (hashed) addresses. It keeps the app shell (stylesheet,
// scripts, icons and the offline page) so that a phone without a connection shows
// "You are offline" instead of the browser's error page.
//
// Privacy: only the shell is ever cached, fetched at install without cookies, so the
// cache never holds a signed-in page. Navigations go to the network and are never
// stored; a response marked no-store is never stored either.
"use strict";

const CACHE = {{ cache_name }};
const SHELL = {{ shell }};
const OFFLINE = {{ offline_url }};
const SHELL_PATHS = new Set(SHELL.map((url) => new URL(url, self.location).pathname));

function storable(response) {
  return response.ok && !/no-store/i.test(response.headers.get("Cache-Control") || "");
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(SHELL.map(async (url) => {
      const request = new Request(url, {credentials: "omit", cache: "reload"});
      const response = await fetch(request);
      if (!storable(response)) throw new Error(`${url} cannot be cached`);
      await cache.put(url, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("tandem-") && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    // Network first, never stored: a page may be someone's private page.
    event.respondWith(fetch(request).catch(async () =>
      (await caches.match(OFFLINE, {cacheName: CACHE})) || Response.error()));
  } else if (url.origin === self.location.origin && SHELL_PATHS.has(url.pathname)) {
    // The shell from the network while there is one (the HTTP cache keeps it fresh),
    // from this cache when there is not.
    event.respondWith(fetch(request).catch(async () =>
      (await caches.match(request, {cacheName: CACHE, ignoreSearch: true}))
      || Response.error()));
  }
  // Everything else (htmx fragments, the API, uploads) is left to the browser.
});
{% endautoescape %}
