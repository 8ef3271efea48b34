// Small helpers for the JSON API: every call says what went wrong in words.

export async function getJSON(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(await problem(res));
  return res.json();
}

export async function send(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive: true, // a phase recorded as the tab closes still reaches the server
  });
  if (!res.ok) throw new Error(await problem(res));
  return res.status === 204 ? null : res.json();
}

async function problem(res) {
  try {
    const data = await res.json();
    const d = data.detail;
    if (Array.isArray(d)) return d.map((e) => (e.field ? `${e.field}: ${e.message}` : String(e))).join("; ");
    return String(d);
  } catch {
    return `${res.status} ${res.statusText}`;
  }
}
