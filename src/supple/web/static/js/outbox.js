// Writes waiting for the server, kept in IndexedDB so a session played offline outlives the
// page: they go out in the order they were made, when the connection is back, from whichever
// supple page is open then (sw-register.js flushes on every page). Each write carries the
// session id the player made, or a key, so the server keeps a write sent twice only once.
import { ApiError, send } from "./api.js";

const DB = "supple-outbox";
const STORE = "writes";
let memory = null; // no IndexedDB (a private window may refuse it): this page's writes only
let memorySeq = 0;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let opening = null;
function db() {
  opening ??= (async () => {
    if (!("indexedDB" in self)) throw new Error("no IndexedDB");
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
    return request(open);
  })().catch(() => {
    memory ??= [];
    return null;
  });
  return opening;
}

async function store(mode) {
  const d = await db();
  return d ? d.transaction(STORE, mode).objectStore(STORE) : null;
}

// A write to send: `group` is the session it belongs to (its URL), so a refused start drops
// the writes that would have gone into it.
export async function enqueue(method, url, body, group) {
  const entry = { method, url, body, group };
  const s = await store("readwrite");
  if (s) await request(s.add(entry));
  else memory.push({ ...entry, seq: ++memorySeq });
}

async function all() {
  const s = await store("readonly");
  return s ? request(s.getAll()) : [...memory];
}

async function remove(seqs) {
  if (!seqs.length) return;
  const s = await store("readwrite");
  if (s) await Promise.all(seqs.map((seq) => request(s.delete(seq))));
  else memory = memory.filter((e) => !seqs.includes(e.seq));
}

export async function count(group) {
  return (await all()).filter((e) => group === undefined || e.group === group).length;
}

// Everything waiting is dropped: the person erased their data (data.js).
export async function forget() {
  memory = memory ? [] : memory;
  const s = await store("readwrite");
  if (s) await request(s.clear());
}

let draining = null;
// Send what waits, oldest first; every caller waits for the same drain. Stops at the first
// write with no answer (offline): { offline: true, left }. A write the server refuses is
// dropped and reported through onRefused(entry, err); a refused start drops its session's
// other writes with it.
export function flush(onRefused = () => {}) {
  draining ??= drain(onRefused).finally(() => { draining = null; });
  return draining;
}

async function drain(onRefused) {
  const dropped = new Set();
  // Round after round: a write queued while one was on its way goes in this drain too.
  for (let entries = await all(); entries.length; entries = await all()) {
    for (const entry of entries) {
      if (dropped.has(entry.group)) { await remove([entry.seq]); continue; }
      try {
        await send(entry.method, entry.url, entry.body);
      } catch (err) {
        // No answer, or the store unable to take it just now (503, 507 full disk): kept for
        // the next try rather than lost.
        const later = !(err instanceof ApiError) || err.status === 503 || err.status === 507;
        if (later) return { offline: true, left: await count() };
        if (entry.url === "/api/sessions") dropped.add(entry.group);
        onRefused(entry, err);
      }
      await remove([entry.seq]);
    }
  }
  return { offline: false, left: 0 };
}
