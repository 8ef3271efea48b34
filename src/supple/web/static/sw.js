// supple's service worker: offline first. At install it keeps the app's files, every page
// the menu reaches, every picture and the built-in routines' timelines (the list is the
// server's: /offline.json), so the app opens and a session plays with no connection.
// Pages and API reads go to the network first and fall back to the kept copy; files and
// pictures come from the kept copy first.
//
// Two caches: SHARED holds what is the same for everyone (files, pictures, the hurt
// reasons); PERSONAL holds pages and answers about this person. Erasing on the Data page
// deletes PERSONAL and the outbox (data.js), so no copy of their data stays here.
const SHARED = "supple-shared-v4";
const PERSONAL = "supple-personal";
const KEEP = [SHARED, PERSONAL];

// A page that truly needs the server, asked for offline: it says so, in the app's style.
const OFFLINE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · supple</title>
<link rel="stylesheet" href="/static/css/app.css"></head><body><main id="main">
<h1>You are offline</h1><p class="lead">This page needs supple's server, and this device has
no connection to it just now.</p><p>Today, the library, your routines and their sessions still
work offline; a session done now is saved when the connection returns.</p>
<p><a class="button big" href="/">Today</a></p></main></body></html>`;

function offlinePage() {
  return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function keep(cacheName, urls) {
  const cache = await caches.open(cacheName);
  // One at a time in small groups: a page missing (404) or slow must not stop the rest.
  for (let i = 0; i < urls.length; i += 8) {
    await Promise.all(urls.slice(i, i + 8).map(async (url) => {
      try {
        const res = await fetch(url, { credentials: "same-origin" });
        if (res.ok) await cache.put(url, res);
      } catch { /* offline while installing: kept the next time */ }
    }));
  }
}

async function fill() {
  const res = await fetch("/offline.json");
  const list = await res.json();
  await keep(SHARED, list.shared);
  await keep(PERSONAL, list.personal);
}

self.addEventListener("install", (event) => {
  event.waitUntil(fill().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => !KEEP.includes(k)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The Data page asks after erasing, and any page when it comes back online: keep it all again.
self.addEventListener("message", (event) => {
  if (event.data === "refill") event.waitUntil(fill().catch(() => {}));
});

const STATIC = [/^\/static\//, /^\/figures\//, /^\/manifest\.webmanifest$/];
const SHARED_API = [/^\/api\/stretches(\/|$)/, /^\/api\/advice$/, /^\/api\/safety\/hurt-reasons$/];
// API reads worth keeping for offline use: the player's (timeline, safety standing, the
// weekly question) and the lists pages show.
const PERSONAL_API = [/^\/api\/routines(\/[^/]+(\/timeline)?)?$/, /^\/api\/safety\/screen$/, /^\/api\/progress\/weekly-pain$/];

// The kept copy at once, refreshed behind it for next time (a new version of a file shows on
// the next load); fetched and kept when there is none.
async function cacheFirst(request) {
  const found = await caches.match(request);
  const fresh = fetch(request).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      caches.open(SHARED).then((c) => c.put(request, copy));
    }
    return res;
  });
  if (found) {
    fresh.catch(() => {});
    return found;
  }
  return fresh;
}

async function networkFirst(request, cacheName, page) {
  try {
    const res = await fetch(request);
    if (res.ok) {
      const copy = res.clone();
      caches.open(cacheName).then((c) => c.put(request, copy));
    }
    return res;
  } catch (err) {
    // A page with its own options (?speed=, ?rounds=) falls back to the page without them.
    const found = (await caches.match(request)) || (page && (await caches.match(new URL(request.url).pathname)));
    if (found) return found;
    if (page) return offlinePage();
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  // A form sent with no connection (Plan it, Save): the page that says so, not the browser's.
  if (request.method === "POST" && request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => offlinePage()));
    return;
  }
  if (request.method !== "GET") return;
  const path = url.pathname;
  if (STATIC.some((p) => p.test(path))) event.respondWith(cacheFirst(request));
  else if (SHARED_API.some((p) => p.test(path))) event.respondWith(networkFirst(request, SHARED, false));
  else if (PERSONAL_API.some((p) => p.test(path))) event.respondWith(networkFirst(request, PERSONAL, false));
  else if (request.mode === "navigate" && !path.startsWith("/api/") && !path.startsWith("/docs")) {
    event.respondWith(networkFirst(request, PERSONAL, true));
  }
});
