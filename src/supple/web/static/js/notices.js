// Reminders while a supple page is open: a notice at the top of the page when a daily
// reminder or a desk break is due, and a browser notification too if the person allowed it.
// The server decides what is due and when (/api/reminders/upcoming); this only waits for
// that moment, shows it, and says what the person did. Nothing leaves this computer.
import { getJSON, send } from "./api.js";

const REFRESH_MS = 10 * 60 * 1000; // ask again now and then: the schedule may change
const LONGEST_WAIT_MS = 6 * 60 * 60 * 1000;
let timers = [];

const PREFIX = "supple-notice:";
const KEEP_MS = 2 * 24 * 60 * 60 * 1000; // what was answered is remembered for two days

function key(kind, at, what) {
  return `${PREFIX}${what}:${kind}:${at}`;
}

// The reminders answered in this browser: forgotten after two days, or when the person
// erases their data (data.js).
export function forgetNotices(olderThan = 0) {
  try {
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith(PREFIX) && Date.now() - Number(localStorage.getItem(k)) >= olderThan) {
        localStorage.removeItem(k);
      }
    }
  } catch { /* storage refused: nothing kept */ }
}

function seen(kind, at, what) {
  try {
    return localStorage.getItem(key(kind, at, what)) !== null;
  } catch {
    return false; // storage refused: show it
  }
}

function mark(kind, at, what) {
  try {
    localStorage.setItem(key(kind, at, what), String(Date.now()));
  } catch { /* storage refused */ }
}

// What the person did: kept by the server, and said to the other open tabs (their notice
// for it goes away, through the storage event).
function record(kind, at, outcome) {
  mark(kind, at, "answered");
  return send("POST", "/api/reminders/events", { kind, due_at: at, outcome }).catch(() => {});
}

addEventListener("storage", (e) => {
  if (shown && e.key === key(shown.kind, shown.at, "answered")) {
    shown = null;
    document.getElementById("reminder-notice")?.remove();
  }
});

function button(label, onClick, secondary = false) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  if (secondary) b.className = "secondary";
  b.addEventListener("click", onClick);
  return b;
}

// The reminder on screen and not yet answered: one replaced by the next was let pass.
let shown = null;

function answered() {
  shown = null;
}

function notice(kind, at, title, body, buttons) {
  if (shown && !seen(shown.kind, shown.at, "answered")) record(shown.kind, shown.at, "missed");
  document.getElementById("reminder-notice")?.remove();
  shown = { kind, at };
  const box = document.createElement("section");
  box.id = "reminder-notice";
  box.className = "notice";
  // Said at once by a screen reader, without taking the focus from what the person is doing.
  box.setAttribute("role", "alert");
  box.setAttribute("aria-describedby", "reminder-notice-body");
  box.setAttribute("aria-labelledby", "reminder-notice-title");
  const h = document.createElement("h2");
  h.id = "reminder-notice-title";
  h.textContent = title;
  const p = document.createElement("p");
  p.id = "reminder-notice-body";
  p.textContent = body;
  const row = document.createElement("p");
  row.className = "actions";
  for (const b of buttons) row.append(b);
  box.append(h, p, row);
  const main = document.getElementById("main");
  (main ?? document.body).prepend(box);
  return box;
}

function systemNotice(kind, at, title, body) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" && document.hasFocus()) return; // the page shows it
  if (seen(kind, at, "notified")) return; // once, whichever tab was first
  mark(kind, at, "notified");
  try {
    const n = new Notification(title, { body, icon: "/static/icons/icon-192.png", tag: "supple" });
    n.addEventListener("click", () => { window.focus(); n.close(); });
  } catch { /* some browsers allow notifications only from a service worker */ }
}

// Shown on every page while it is due and unanswered; gone once answered, in every tab.
function showDaily(d) {
  if (seen("daily", d.at, "answered")) return;
  const minutes = Math.max(1, Math.round(d.seconds / 60));
  const title = "Time to stretch";
  const body = `${d.title}, about ${minutes} min.`;
  const box = notice("daily", d.at, title, body, [
    button("Start", async () => { answered(); await record("daily", d.at, "started"); location.href = d.href; }),
    button("Not now", () => { answered(); record("daily", d.at, "skipped"); box.remove(); }, true),
  ]);
  systemNotice("daily", d.at, title, body);
}

function showBreak(b) {
  if (seen("break", b.at, "answered")) return;
  const title = `Time for a ${b.minutes}-minute desk break`;
  const body = "A few easy stretches for your back and hips, then back to work.";
  const buttons = [
    button("Start", async () => {
      answered();
      await record("break", b.at, "started");
      try {
        const made = await send("POST", "/api/reminders/desk-break");
        location.href = made.href;
      } catch (err) {
        box.querySelector("p").textContent = `No desk break could be planned: ${err.message}`;
      }
    }),
    button(`Postpone ${b.postpone_minutes} min`, () => {
      answered();
      record("break", b.at, "postponed").then(plan);
      box.remove();
    }, true),
  ];
  if (b.skips_left !== 0) {
    buttons.push(button("Skip", () => { answered(); record("break", b.at, "skipped").then(plan); box.remove(); }, true));
  }
  const box = notice("break", b.at, title, body, buttons);
  systemNotice("break", b.at, title, body);
}

function wait(at, show) {
  const ms = Math.max(0, Date.parse(at) - Date.now());
  if (ms > LONGEST_WAIT_MS) return;
  timers.push(setTimeout(show, ms));
}

async function plan() {
  for (const t of timers) clearTimeout(t);
  timers = [];
  let next;
  try {
    next = await getJSON("/api/reminders/upcoming");
  } catch {
    return; // offline, or no server: no notices until it is back
  }
  if (next.daily) wait(next.daily.at, () => { showDaily(next.daily); setTimeout(plan, 1000); });
  // A break notice still waiting for an answer stays: no second one on top of it.
  if (next.desk_break && shown?.kind !== "break") wait(next.desk_break.at, () => showBreak(next.desk_break));
}

// Not in the player: a session in progress is not interrupted.
if (!document.getElementById("player")) {
  forgetNotices(KEEP_MS);
  plan();
  setInterval(plan, REFRESH_MS);
}
