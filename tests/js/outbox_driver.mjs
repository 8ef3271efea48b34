// Sends queued writes through outbox.js to a real server and prints what each flush said:
// the browser half of tests/test_outbox.py. Node has no IndexedDB, so the outbox keeps its
// writes in memory, as it does in a private window.
// Usage: node outbox_driver.mjs OUTBOX_JS BASE_URL
import { pathToFileURL } from "node:url";

const [outboxPath, base] = process.argv.slice(2);
const plainFetch = globalThis.fetch;
globalThis.self = globalThis;
globalThis.fetch = (url, init) => plainFetch(new URL(url, base), init); // pages send paths
const { enqueue, flush, count } = await import(pathToFileURL(outboxPath).href);

const refused = [];
const said = [];
await enqueue("POST", "/api/sessions", { id: "s1" }, "s1");
await enqueue("POST", "/api/sessions/s1/phases", { key: "p1" }, "s1");
await enqueue("POST", "/api/sessions/s1/end", { status: "completed" }, "s1");
for (let i = 0; i < 4; i++) {
  said.push(await flush((entry, err) => refused.push([entry.url, err.status])));
}
console.log(JSON.stringify({ said, refused, left: await count() }));
