// The browser player: plays the server's timeline and records each phase as it ends.
// Everything it shows (labels, sides, notes, the next line, the summary) comes from the
// server; this file only draws it, keeps time, and carries the writes.
import { ApiError, getJSON } from "./api.js";
import { Engine } from "./engine.js";
import { PhaseKind, SessionStatus } from "./kinds.js";
import { count, enqueue, flush as sendAll } from "./outbox.js";
import { keepAwake, letSleep, say, tone } from "./cues.js";
import { drawReadyFigure, drawWeekly, figureUrl, prefetchFigures } from "./ready.js";

const $ = (id) => document.getElementById(id);
const root = $("player");
const routineId = root.dataset.routine;
const params = new URLSearchParams(location.search);
const speed = Math.min(100, Math.max(0.1, Number(params.get("speed")) || 1));
// Faster than real time is a demonstration: the server stores it so and leaves it out of
// streaks and minutes (services/sessions.py, REAL_TIME).
const demo = speed > 1;
const RING = 2 * Math.PI * 52;
// Where the easier version is worth showing: in the stretch itself, and while getting into it.
const EASIER_KINDS = new Set([PhaseKind.HOLD, PhaseKind.MOBILIZE, PhaseKind.READY]);

let engine = null;
let timeline = null;
let reasons = [];
let sessionUrl = null; // /api/sessions/UUID: the player makes the id, so it can start offline
let cueText = "";
let painStage = "before";
let lastKey = null;
let recorded = 0;
let refused = false;
// This week's usual-pain question, when the server says it is still to be asked (not in a
// demonstration): asked with the pain before, once a week (services/progress.py).
let weekly = null;

function fmt(seconds) {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function show(id) {
  for (const part of ["loading", "gate", "pain-form", "stage", "done"]) $(part).hidden = part !== id;
  // In a session the stage is the whole screen (player.css): no bars to cover the countdown.
  document.body.classList.toggle("session", id === "stage");
  // Focus left in a part just hidden (the pain field) would swallow the player's keys.
  if (document.activeElement?.closest("[hidden]")) document.activeElement.blur();
}

function lines(box, texts) {
  box.replaceChildren(...texts.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
}

// crypto.randomUUID needs a secure context; served to a phone on the local network the page
// is not one, and getRandomValues makes the same version-4 UUID.
function newUuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The session cannot go on: stop the clock and send nothing more.
function halt() {
  refused = true;
  clearTimeout(boundary);
  clearInterval(ticker);
  engine?.quit(); // its last result goes nowhere: the outbox is closed
}

function broken(message) {
  halt();
  root.replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: message }));
}

// The safety screen said no: say why and where to get care, and play nothing.
function refuse(reason, care, level) {
  halt();
  $("gate-reason").textContent = reason || "Please answer the safety questions before a session.";
  $("gate-care").textContent = care || "";
  $("gate-care").className = level === "emergency" ? "error" : "caution";
  $("gate-care").hidden = !care;
  show("gate");
  root.dataset.state = "refused";
}

// Recording ------------------------------------------------------------------------------
// Writes go out in order, the session's start first, through the outbox (outbox.js): kept in
// IndexedDB while the connection is down, they go when it comes back, even from another page,
// so the session plays on offline and nothing done is lost.
let retry = null;
const RETRY_MS = 3000;
let writes = Promise.resolve(); // each write is queued after the one before

async function flush() {
  await writes;
  const result = await sendAll(refusedWrite);
  if (result.offline) {
    // No answer: try again shortly, and at once when the browser says it is back online.
    const left = result.left;
    saveStatus(`Offline: ${left === 1 ? "1 update" : `${left} updates`} will be saved when you are back online.`);
    clearTimeout(retry);
    retry = setTimeout(flush, RETRY_MS);
  } else {
    saveStatus("");
    if (root.dataset.state === "done") summary();
  }
  return result;
}
addEventListener("online", () => flush());

// The server said no to a write: a start (no session to record into) says why and stops.
function refusedWrite(entry, err) {
  if (entry.group !== sessionUrl) return; // another page's session: nothing to show here
  if (entry.url === "/api/sessions") {
    if (err.status === 409) refuse(err.data?.detail, err.data?.care, err.data?.level);
    else broken(`Could not start the session: ${err.message}`);
    return;
  }
  saveStatus(`Could not save: ${err.message}`);
}

function saveStatus(text) { $("save-status").textContent = text; }

function post(url, body) {
  if (refused) return Promise.resolve();
  writes = writes.then(() => enqueue("POST", url, body, sessionUrl)).catch(() => {});
  return flush();
}

function record(phase, outcome, seconds, key) {
  lastKey = key;
  recorded += 1;
  root.dataset.recorded = String(recorded);
  post(`${sessionUrl}/phases`, {
    key, phase_index: phase.index, step_index: phase.step_index, kind: phase.kind,
    stretch_id: phase.stretch_id, side: phase.side, planned_seconds: phase.duration,
    actual_seconds: Math.round(seconds * 1000) / 1000, outcome,
  });
}

// Drawing --------------------------------------------------------------------------------
let figureSrc = "";
function drawFigure(p) {
  const img = $("figure");
  const brief = timeline.stretches[p.stretch_id];
  const src = figureUrl(timeline, p);
  if (!src) {
    img.style.visibility = "hidden";
    img.removeAttribute("src");
    img.alt = "";
    figureSrc = "";
    return;
  }
  if (src !== figureSrc) {
    img.src = src;
    figureSrc = src;
  }
  img.alt = `${brief.name}${p.side ? `, ${p.side} side` : ""}`;
  img.classList.toggle("mirrored", p.side === "right");
  img.style.visibility = "visible";
}

// What changes only when the phase does.
function drawPhase(p) {
  drawFigure(p);
  $("stretch-name").textContent = p.name;
  $("side-note").textContent = p.side_note || "";
  $("side-note").hidden = !p.side_note;
  const brief = timeline.stretches[p.stretch_id];
  const notes = brief ? brief.notes : [];
  $("notes").replaceChildren(...notes.map((n) => Object.assign(document.createElement("p"), {
    textContent: n.text, className: n.level === "avoid" ? "error" : "caution",
  })));
  const easier = brief && EASIER_KINDS.has(p.kind) ? brief.easier : [];
  $("easier").textContent = easier.length ? `Easier: ${easier.join(" ")}` : "";
  $("easier").hidden = !easier.length;
  lines($("info"), p.info);
  $("next").textContent = p.next;
  $("next").hidden = !p.next;
}

// What changes as the clock runs.
function draw() {
  const p = engine.phase;
  let label = p.label;
  if (p.side) label += ` · ${p.side} side`;
  if (engine.paused) label += " · paused";
  $("phase-label").textContent = label;
  $("countdown").textContent = fmt(engine.remaining());
  const total = p.duration + engine.extra;
  $("ring").style.strokeDashoffset = String(RING * (1 - engine.remaining() / (total || 1)));
  $("cue").textContent = cueText;
  $("session-progress").value = 1 - engine.sessionRemaining() / timeline.total_seconds;
  $("time-left").textContent = `${fmt(engine.sessionRemaining())} left`;
  $("btn-pause").textContent = engine.paused ? "Resume" : "Pause";
}

// The loop: a frame for the display, and an exact timer for the next phase boundary.
let boundary = null;
let ticker = null;
function tick() {
  if (!engine || root.dataset.ending || refused) return;
  engine.tick();
  if (engine.finished) { finish(SessionStatus.COMPLETED); return; }
  clearTimeout(boundary);
  if (!engine.paused) boundary = setTimeout(tick, (engine.remaining() * 1000) / speed);
  draw();
}

// Start ----------------------------------------------------------------------------------
async function begin(painBefore) {
  const uuid = newUuid();
  sessionUrl = `/api/sessions/${uuid}`;
  root.dataset.session = uuid;
  // The options the timeline was built with, so the session records the timeline it plays.
  // Offline, the start waits in the outbox with the rest, and the session plays on.
  await post("/api/sessions", { routine_id: routineId, options: timeline.options, speed, id: uuid });
  if (refused) return;
  if (painBefore !== null) post(`${sessionUrl}/pain`, { before: painBefore });
  engine = new Engine(timeline, {
    now: () => performance.now(),
    speed,
    onResult: record,
    onPhase: (phase) => { tone(); cueText = ""; drawPhase(phase); },
    // Every cue is spoken; on screen, the label and name above already say what an
    // announcement says, and the setup is in the details.
    onCue: (phase, cue) => { if (cue.kind !== "setup" && cue.kind !== "announce") cueText = cue.text; say(cue.text); },
  });
  $("demo").hidden = !demo;
  prefetchFigures(timeline);
  show("stage");
  keepAwake();
  engine.start();
  ticker = setInterval(tick, 100);
  tick();
}

function finish(status) {
  if (root.dataset.ending || refused) return;
  root.dataset.ending = status;
  clearTimeout(boundary);
  clearInterval(ticker);
  post(`${sessionUrl}/end`, { status });
  say(status === SessionStatus.COMPLETED ? "Session complete. Well done." : "Stopped.");
  letSleep();
  painStage = "after";
  for (const part of ["ready-head", "setup", "dose-box"]) $(part).hidden = true;
  $("after-title").hidden = false;
  if ($("weekly")) $("weekly").hidden = true;
  $("pain-label").textContent = "Pain now, after the session";
  for (const box of document.querySelectorAll("input[name=pain]")) box.checked = false;
  $("pain-ok").textContent = "Save";
  $("pain-skip").hidden = false;
  show("pain-form");
  scrollTo(0, 0);
  $("pain-ok").focus({ preventScroll: true });
}

// The end page says what the server counted; offline there is nothing to count from yet.
let summarizing = null;
async function summary() {
  root.dataset.state = "done";
  $("done-demo").hidden = !demo;
  show("done");
  if (await count(sessionUrl)) {
    $("done-title").textContent = "Session done";
    lines($("summary"), ["It will be saved when you are back online."]);
    return;
  }
  summarizing ??= getJSON(sessionUrl).then((s) => {
    $("done-title").textContent = "Session saved";
    drawTally(s);
    lines($("summary"), s.summary);
    $("summary").firstElementChild?.classList.add("lead"); // the headline: how it ended
    root.dataset.summary = "server";
  }).catch((err) => {
    summarizing = null;
    $("done-title").textContent = "Session saved";
    lines($("summary"), [`It could not be read back just now (${err.message}); see your history.`]);
  });
}

// The server's counts as big numbers; its own lines (how it ended, in words) follow them.
function drawTally(s) {
  const pain = (v) => (v === null ? "–" : String(v));
  $("tally-done").textContent = String(s.stretches.done);
  $("tally-skipped").textContent = String(s.stretches.skipped);
  $("tally-stopped").textContent = String(s.stretches.stopped);
  $("tally-time").textContent = fmt(s.actual_seconds);
  $("tally-pain").textContent = `${pain(s.pain_before)} → ${pain(s.pain_after)}`;
  $("tally").hidden = false;
}

async function painSubmitted(value, usual = null) {
  if (painStage === "before") {
    if (sessionUrl) return; // already starting: a second OK must not start a second session
    await fetching; // a choice just changed: play the timeline it asked for
    if (sessionUrl || refused) return;
    // Answered, or left blank with the pain now given: not asked again this week. Skip
    // (no pain now) leaves it for the next session.
    if (weekly && (usual !== null || value !== null)) post("/api/progress/weekly-pain", { pain: usual });
    await begin(value);
    return;
  }
  if (root.dataset.state === "done" || painStage === "sent") return;
  painStage = "sent";
  if (value !== null) post(`${sessionUrl}/pain`, { after: value });
  await flush();
  summary();
}

// A whole number from 0 to 10 typed in input, null if it is empty; undefined (and the reason
// shown on the field) if it is neither.
function score(input) {
  const raw = input.value.trim();
  if (raw === "") return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 10) {
    input.setCustomValidity("A whole number from 0 to 10, or leave it empty to skip.");
    input.reportValidity();
    return undefined;
  }
  input.setCustomValidity("");
  return value;
}

// The pain chosen on the 0-10 scale, or null if none is.
function chosenPain() {
  const box = document.querySelector("input[name=pain]:checked");
  return box ? Number(box.value) : null;
}

$("pain-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const usual = weekly && painStage === "before" ? score($("weekly-input")) : null;
  if (usual === undefined) return;
  painSubmitted(chosenPain(), usual);
});
$("pain-skip").addEventListener("click", () => painSubmitted(null));

// Controls -------------------------------------------------------------------------------
function quit() {
  engine.quit(); // the phase in progress is recorded with the time spent in it
  finish(SessionStatus.QUIT);
}

const act = {
  pause: () => { engine.togglePause(); tick(); draw(); },
  next: () => { engine.skip(); tick(); },
  back: () => { engine.back(); tick(); },
  more: () => { engine.addTime(); tick(); },
  quit: () => {
    if (!engine.paused) engine.togglePause();
    if (confirm("End the session now? Everything you have done is saved.")) quit();
    else { engine.togglePause(); tick(); }
  },
  hurt: () => {
    if ($("hurt-dialog").open) return;
    lastKey = null;
    const phase = engine.stopForPain();
    // The hurt goes with the stopped phase's key: sent twice, it is still one report.
    const key = lastKey ?? `${phase.index}.hurt`;
    const stretchId = engine.hurtStretchId();
    draw();
    const box = $("hurt-reasons");
    box.replaceChildren(...reasons.map((r, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = `${i + 1}. ${r.label}`;
      b.dataset.reason = r.id;
      b.addEventListener("click", () => hurtAnswered(r, phase, stretchId, key));
      return b;
    }));
    $("hurt-dialog").showModal();
  },
};

// Advice to stop: going on leaves the rest of the stretch out. Just too strong: the session
// goes on from the stopped phase, so the other side still comes (engine.js).
let leaveStretch = true;

function hurtAnswered(reason, phase, stretchId, key) {
  $("hurt-dialog").close();
  leaveStretch = reason.advises_stop;
  if (stretchId) {
    post(`${sessionUrl}/hurt`, { key, phase_index: phase.index, stretch_id: stretchId, side: phase.side, reason: reason.id });
  }
  $("advice-title").textContent = reason.label;
  $("advice-text").textContent = reason.advice;
  // Where the advice is to go on, the easier version of this stretch is the way to do it.
  const easier = reason.advises_stop ? [] : timeline.stretches[stretchId]?.easier || [];
  $("advice-easier").textContent = easier.length ? `Easier: ${easier.join(" ")}` : "";
  $("advice-easier").hidden = !easier.length;
  $("advice-end").textContent = reason.advises_stop ? "End the session (advised)" : "End the session";
  $("advice-continue").textContent = reason.advises_stop ? "Go on to the next stretch" : "Go on to what is next, more gently";
  $("advice-next").textContent = reason.advises_stop ? "" : phase.next;
  $("advice-next").hidden = reason.advises_stop || !phase.next;
  $("advice-dialog").showModal();
}
$("advice-continue").addEventListener("click", () => {
  $("advice-dialog").close();
  engine.continueAfterPain(leaveStretch);
  tick();
});
$("advice-end").addEventListener("click", () => { $("advice-dialog").close(); quit(); });

for (const [id, name] of [["btn-pause", "pause"], ["btn-next", "next"], ["btn-back", "back"],
  ["btn-more", "more"], ["btn-hurt", "hurt"], ["btn-quit", "quit"]]) {
  $(id).addEventListener("click", () => engine && !engine.finished && act[name]());
}

document.addEventListener("keydown", (e) => {
  if (!engine || engine.finished || e.target.tagName === "INPUT" || document.querySelector("dialog[open]")) return;
  const map = { " ": "pause", n: "next", ArrowRight: "next", b: "back", ArrowLeft: "back", "+": "more", "=": "more", p: "hurt", q: "quit" };
  const name = map[e.key];
  if (name) { e.preventDefault(); act[name](); }
});
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible" && engine && !engine.finished) keepAwake(); });

// Before the session ---------------------------------------------------------------------
// The page's own options (?warmup=false&lead_in=3&rest=10&rounds=2&older_holds=true) go to
// the timeline as given, and so do the choices made here; the session is then started with
// the options the timeline says it was built with.
const OPTION_PARAMS = ["warmup", "warmup_seconds", "lead_in", "rest", "rounds", "older_holds"];
const query = new URLSearchParams();
for (const name of OPTION_PARAMS) if (params.has(name)) query.set(name, params.get(name));
let fetching = null; // the timeline for the latest choice, on its way

function timelineUrl() {
  const search = String(query);
  return `/api/routines/${routineId}/timeline${search ? `?${search}` : ""}`;
}

// The session in a line, what to know before it, and the choices (from the timeline).
function drawSetup() {
  const { choices, options } = timeline;
  $("about").textContent = timeline.about;
  $("start-notes").replaceChildren(...timeline.start_notes.map((text) =>
    Object.assign(document.createElement("p"), { textContent: text, className: "caution" })));
  $("rounds").replaceChildren(...choices.rounds.map(({ value, label }) => {
    const box = Object.assign(document.createElement("input"), {
      type: "radio", name: "rounds", value: String(value), checked: value === options.rounds,
    });
    box.addEventListener("change", () => choose("rounds", String(value)));
    const wrap = Object.assign(document.createElement("label"), { className: "check" });
    wrap.append(box, ` ${label}`);
    return wrap;
  }));
  $("rounds-advice").textContent = choices.rounds_advice;
  const older = choices.older_hold_seconds !== null;
  $("older").hidden = !older;
  $("older-holds").checked = options.older_holds;
  $("older-label").textContent = choices.older_hold_label;
  $("older-advice").textContent = choices.older_hold_advice;
  $("setup").hidden = false;
  $("dose-box").hidden = false;
}

function choose(name, value) {
  query.set(name, value);
  const asked = timelineUrl();
  const got = getJSON(asked).then((t) => {
    if (asked !== timelineUrl()) return; // a later choice is on its way
    timeline = t;
    drawSetup();
    root.dataset.total = String(timeline.total_seconds);
  });
  fetching = got.catch(cannotLoad);
}
$("older-holds").addEventListener("change", () => choose("older_holds", String($("older-holds").checked)));

// Load -----------------------------------------------------------------------------------
async function load() {
  const screen = await getJSON("/api/safety/screen");
  const standing = screen.status;
  if (!standing.may_start) { refuse(standing.reason, standing.care, standing.last_result); return; }
  // The weekly question is worth no broken session: if it cannot be read, it is not asked.
  const asking = demo ? null : getJSON("/api/progress/weekly-pain").catch(() => null);
  [timeline, reasons, weekly] = await Promise.all([getJSON(timelineUrl()), getJSON("/api/safety/hurt-reasons"), asking]);
  if (!weekly?.due) weekly = null;
  if (weekly) drawWeekly(weekly);
  drawReadyFigure(timeline);
  drawSetup();
  root.dataset.total = String(timeline.total_seconds);
  show("pain-form");
  $("pain-ok").focus({ preventScroll: true });
  root.dataset.state = "ready";
}

// No answer at all: offline, and this session (these options) was not kept for offline use.
function cannotLoad(err) {
  if (err instanceof ApiError) broken(`Could not load the session: ${err.message}`);
  else broken("You are offline, and this session with these choices needs supple's server. Reconnect, or start a routine with its usual choices: those work offline.");
}

load().catch(cannotLoad);
