// Install the service worker (offline first: sw.js), and send any session saved offline
// (outbox.js) as soon as this page, or the connection, is back.
import { flush } from "./outbox.js";

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => { /* pages still work without it */ });
}
// The player sends its own, and says what the server refused.
if (!document.getElementById("player")) {
  if (navigator.onLine) flush().catch(() => {});
  addEventListener("online", () => flush().catch(() => {}));
}
