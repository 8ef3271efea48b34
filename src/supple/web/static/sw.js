// supple's service worker: the app's own files are cached, so a session that has started
// keeps playing when the connection drops. API calls go to the network; a phase that cannot
// be saved is reported on the page.
//
// Only what is the same for every person is ever stored in the browser: the app's files, the
// pictures, the library's stretches and advice. Pages and answers about the person (home,
// history, profile, safety, plans, sessions, flags, timelines with their notes, their
// routines, their data) go to the network only, so erasing in supple leaves no copy here.
const CACHE = "supple-v3"; // a new name: activating drops older caches, which kept pages
const SHELL = [
  "/static/css/app.css", "/static/js/api.js", "/static/js/engine.js", "/static/js/kinds.js",
  "/static/js/player.js", "/static/js/routines.js", "/static/js/sw-register.js",
  "/static/icon.svg", "/manifest.webmanifest",
];
const SHARED = [
  /^\/static\//, /^\/figures\//, /^\/manifest\.webmanifest$/, /^\/gallery$/,
  /^\/api\/stretches(\/|$)/, /^\/api\/advice$/, /^\/api\/safety\/hurt-reasons$/,
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
  if (!SHARED.some((pattern) => pattern.test(url.pathname))) return; // the network, uncached
  // Network first, the cached copy when offline.
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(event.request, copy));
        }
        return res;
      })
      .catch(() => caches.match(event.request)),
  );
});
