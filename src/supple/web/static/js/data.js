// The Data page: import an export, erase everything. The server decides; this only asks.
import { forgetNotices } from "./notices.js";
import { forget } from "./outbox.js";

const $ = (id) => document.getElementById(id);

// A refusal in words: the server's detail (a sentence, or problems naming their fields).
async function refusal(res) {
  let detail = null;
  try {
    detail = (await res.json()).detail;
  } catch { /* not JSON: the status line will do */ }
  if (Array.isArray(detail)) {
    return detail.map((d) => (typeof d === "string" ? d : `${d.field}: ${d.message}`)).join("; ");
  }
  return detail ? String(detail) : `${res.status} ${res.statusText}`.trim();
}

// Not api.js's send(): that one asks for keepalive, which caps a body at 64 KB.
async function post(url, text) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: text,
  });
  if (!res.ok) throw new Error(await refusal(res));
  return res.json();
}

function say(id, text, bad = false) {
  const out = $(id);
  out.textContent = text;
  out.classList.toggle("error", bad);
}

const file = $("import-file");
file.addEventListener("change", () => { $("import").disabled = !file.files.length; });

$("import").addEventListener("click", async () => {
  const chosen = file.files[0];
  if (!chosen) return;
  $("import").disabled = true;
  say("import-status", "Importing…");
  try {
    const text = await chosen.text();
    try {
      JSON.parse(text);
    } catch {
      throw new Error(`${chosen.name} is not a JSON file.`);
    }
    const done = await post("/api/data/import", text);
    say("import-status", `Imported ${done.words}.`);
    say("erase-status", "");
    $("held").textContent = done.words;
  } catch (err) {
    say("import-status", err instanceof TypeError ? "supple is not reachable: is it still running?" : err.message, true);
  } finally {
    $("import").disabled = !file.files.length;
  }
});

const word = $("erase-word");
const confirmed = () => word.value.trim().toLowerCase() === "erase";
word.addEventListener("input", () => { $("erase").disabled = !confirmed(); });

$("erase").addEventListener("click", async () => {
  if (!confirmed()) return;
  $("erase").disabled = true;
  say("erase-status", "Erasing…");
  try {
    const gone = await post("/api/data/erase", JSON.stringify({ confirm: "erase" }));
    // The browser's own copies too: the pages and answers the service worker kept, and any
    // session still waiting to be sent. Then it keeps the pages again, now without them.
    await forget().catch(() => {});
    if ("caches" in window) {
      for (const key of await caches.keys()) if (!key.startsWith("supple-shared")) await caches.delete(key);
    }
    forgetNotices();
    navigator.serviceWorker?.controller?.postMessage("refill");
    word.value = "";
    $("held").textContent = "nothing";
    say("erase-status", gone.words === "nothing" ? "There was nothing to erase." : `Erased ${gone.words}.`);
    say("import-status", "");
  } catch (err) {
    say("erase-status", err instanceof TypeError ? "supple is not reachable: is it still running?" : err.message, true);
    $("erase").disabled = !confirmed();
  }
});
