// Install the service worker so a session in progress keeps working offline.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => { /* pages still work without it */ });
}
