// supple's service worker: the app shell and the player are cached, so a session that has
// started keeps playing when the connection drops. API calls go to the network; a phase
// that cannot be saved is reported on the page.
const CACHE = "supple-v2";
const SHELL = [
  "/static/css/app.css", "/static/js/api.js", "/static/js/engine.js", "/static/js/kinds.js",
  "/static/js/player.js", "/static/js/routines.js", "/static/js/sw-register.js",
  "/static/icon.svg", "/manifest.webmanifest",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin) return;
  // A session read back is shown once, after it is saved: never from a cache.
  if (url.pathname.startsWith("/api/sessions")) return;
  if (url.pathname.startsWith("/api/")) {
    // Timelines and stretch data are cached as they are fetched, for a reload while offline.
    event.respondWith(
      fetch(event.request)
        .then((res) => { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(event.request, copy)); return res; })
        .catch(() => caches.match(event.request)),
    );
    return;
  }
  // Pages and static files: network first, the cached copy when offline.
  event.respondWith(
    fetch(event.request)
      .then((res) => { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(event.request, copy)); return res; })
      .catch(() => caches.match(event.request)),
  );
});
