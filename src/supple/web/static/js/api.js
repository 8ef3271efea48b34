// Small helpers for the JSON API: every call says what went wrong in words.

// The server answered, and said no: `status` and the answer's body (`data`) say why.
// A dropped connection is not one of these (fetch throws a TypeError): callers tell the two
// apart, because only the first is worth giving up on.
export class ApiError extends Error {
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data;
  }
}

export async function getJSON(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) throw await failure(res);
  return res.json();
}

export async function send(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive: true, // a phase recorded as the tab closes still reaches the server
  });
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? null : res.json();
}

async function failure(res) {
  let data = null;
  try {
    data = await res.json();
  } catch { /* not JSON: the status line will have to do */ }
  return new ApiError(res.status, words(data, res), data);
}

function words(data, res) {
  const d = data?.detail;
  if (d === undefined || d === null) return `${res.status} ${res.statusText}`.trim();
  if (Array.isArray(d)) return d.map((e) => (e.field ? `${e.field}: ${e.message}` : String(e))).join("; ");
  return String(d);
}
