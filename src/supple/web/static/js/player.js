// The browser player: plays the server's timeline and records each phase as it ends.
import { getJSON, send } from "./api.js";
import { Engine } from "./engine.js";

const $ = (id) => document.getElementById(id);
const root = $("player");
const routineId = root.dataset.routine;
const params = new URLSearchParams(location.search);
const speed = Math.min(100, Math.max(0.1, Number(params.get("speed")) || 1));
const LABELS = {
  "warm-up": "Warm-up", "change-position": "Change position", "get-ready": "Get ready",
  hold: "Hold", "switch-sides": "Switch sides", mobilize: "Move", rest: "Rest",
};
const RING = 2 * Math.PI * 52;

let engine = null;
let timeline = null;
let sessionId = null;
let cueText = "";
let flags = {};
let notAdvised = {};
const names = {};
let wakeLock = null;
let painStage = "before";
const tally = { done: 0, skipped: 0, stopped: 0, seconds: 0, before: null, after: null };

function fmt(seconds) {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function show(id) {
  for (const part of ["gate", "pain-form", "stage", "done"]) $(part).hidden = part !== id;
}

// Sound and voice ------------------------------------------------------------------------
let audio = null;
function tone() {
  try {
    audio = audio || new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 660;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch { /* no audio device: the visual cue is still there */ }
}

function say(text) {
  $("announcer").textContent = text; // screen readers hear every cue
  if (!$("voice-toggle").checked || !("speechSynthesis" in window)) return;
  speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

async function keepAwake() {
  try {
    if ("wakeLock" in navigator) wakeLock = await navigator.wakeLock.request("screen");
  } catch { /* refused (battery saver): the session still runs */ }
}

// Recording ------------------------------------------------------------------------------
// Writes go out in order; while the connection is down they wait here and are sent when it
// comes back, so the session plays on offline and nothing done is lost.
const outbox = [];
let flushing = null;

// Every caller waits for the same drain, so "await flush()" means the outbox is empty
// (or the connection is down).
function flush() {
  flushing ??= drain().finally(() => { flushing = null; });
  return flushing;
}

async function drain() {
  while (outbox.length) {
    const [method, url, body] = outbox[0];
    try {
      await send(method, url, body);
    } catch (err) {
      if (navigator.onLine && !/Failed to fetch|NetworkError|Load failed/.test(err.message)) {
        outbox.shift(); // the server said no: keeping it would block the rest
        $("flag").textContent = `Could not save: ${err.message}`;
        continue;
      }
      $("flag").textContent = `Offline: ${outbox.length} update(s) will be saved when you are back online.`;
      return;
    }
    outbox.shift();
  }
}
addEventListener("online", flush);

function post(url, body) {
  outbox.push(["POST", url, body]);
  return flush();
}

function record(phase, outcome, actual) {
  tally[outcome] += 1;
  tally.seconds += actual;
  post(`/api/sessions/${sessionId}/phases`, {
    phase_index: phase.index, kind: phase.kind, stretch_id: phase.stretch_id, side: phase.side,
    planned_seconds: phase.duration, actual_seconds: Math.round(actual * 1000) / 1000, outcome,
  });
}

// Drawing --------------------------------------------------------------------------------
function describe(p) {
  let text = LABELS[p.kind];
  if (p.kind !== "rest") text += `: ${p.name}`;
  if (p.side) text += ` (${p.side})`;
  return text;
}

function infoFor(p) {
  const brief = timeline.stretches[p.stretch_id];
  if (!brief) return ["Breathe easily and get ready for the next stretch."];
  if (["get-ready", "change-position", "warm-up"].includes(p.kind)) return brief.steps.map((s, i) => `${i + 1}. ${s}`);
  const lines = [...brief.form_cues, ...brief.breathing.slice(0, 1)];
  if (brief.mobilizer_positions.length) lines.unshift(`Move between: ${brief.mobilizer_positions.join(" → ")}`);
  return lines;
}

// The picture: the current stretch and side; a mobilizer (or the warm-up) moves.
let figureSrc = "";
function drawFigure(p) {
  const img = $("figure");
  const brief = timeline.stretches[p.stretch_id];
  if (!brief || !brief.has_figure) { img.hidden = true; figureSrc = ""; return; }
  const moving = p.kind === "mobilize" || p.kind === "warm-up";
  const src = `/figures/${brief.id}.svg?side=${p.side || "left"}${moving ? "&animate=true" : ""}`;
  if (src !== figureSrc) { img.src = src; img.alt = `${brief.name}${p.side ? `, ${p.side} side` : ""}`; figureSrc = src; }
  img.hidden = false;
}

function draw() {
  const p = engine.phase;
  drawFigure(p);
  let label = LABELS[p.kind];
  if (p.side) label += ` · ${p.side.toUpperCase()} SIDE`;
  if (engine.paused) label += " · PAUSED";
  $("phase-label").textContent = label;
  $("stretch-name").textContent = p.name;
  $("countdown").textContent = fmt(engine.remaining());
  const total = p.duration + engine.extra;
  $("ring").style.strokeDashoffset = String(RING * (1 - engine.remaining() / (total || 1)));
  $("cue").textContent = cueText;
  const warn = notAdvised[p.stretch_id];
  const notes = [];
  if (warn) {
    const head = warn.level === "avoid" ? "Not advised for you" : "Take care";
    const instead = warn.alternatives.length ? ` Instead: ${warn.alternatives.map((a) => names[a] || a).join(", ")}.` : "";
    notes.push(`${head} (${warn.conditions.join(", ")}): ${warn.text}${instead} You can skip it.`);
  }
  if (flags[p.stretch_id]) notes.push(`Careful: ${flags[p.stretch_id]}. Go gently, or skip it.`);
  if (!outbox.length) $("flag").textContent = notes.join(" ");
  const info = $("info");
  info.replaceChildren(...infoFor(p).map((line) => Object.assign(document.createElement("p"), { textContent: line })));
  const next = engine.nextPhase();
  $("next").textContent = next ? `Next: ${describe(next)}` : "";
  $("session-progress").value = 1 - engine.sessionRemaining() / timeline.total_seconds;
  $("time-left").textContent = `${fmt(engine.sessionRemaining())} left`;
  $("btn-pause").textContent = engine.paused ? "Resume" : "Pause";
}

// The loop: a frame for the display, and an exact timer for the next phase boundary.
let boundary = null;
function tick() {
  if (!engine || root.dataset.ending) return;
  engine.tick();
  if (engine.finished) { finish("completed"); return; }
  clearTimeout(boundary);
  if (!engine.paused) boundary = setTimeout(tick, (engine.remaining() * 1000) / speed);
  draw();
}

// Start ----------------------------------------------------------------------------------
async function begin() {
  sessionId = (await send("POST", "/api/sessions", { routine_id: routineId, speed })).id;
  if (tally.before !== null) await send("POST", `/api/sessions/${sessionId}/pain`, { before: tally.before });
  engine = new Engine(timeline, {
    now: () => performance.now(),
    speed,
    onResult: record,
    onPhase: () => { tone(); cueText = ""; },
    onCue: (phase, cue) => { if (cue.kind !== "setup") cueText = cue.text; say(cue.text); },
  });
  show("stage");
  keepAwake();
  engine.start();
  setInterval(tick, 100);
  tick();
}

function finish(status) {
  if (root.dataset.ending) return;
  root.dataset.ending = status;
  clearTimeout(boundary);
  post(`/api/sessions/${sessionId}/end`, { status });
  say(status === "completed" ? "Session complete. Well done." : "Stopped.");
  wakeLock?.release().catch(() => {});
  painStage = "after";
  $("pain-label").textContent = "Pain now, after the session: 0 (none) to 10 (worst)";
  $("pain-input").value = "";
  show("pain-form");
  $("pain-input").focus();
}

function summary() {
  const status = root.dataset.ending;
  const lines = [
    status === "completed" ? "Finished the whole routine." : "Ended early.",
    `${tally.done} phases done, ${tally.skipped} skipped, ${tally.stopped} stopped for pain.`,
    `Time: ${fmt(tally.seconds)}`,
  ];
  if (tally.before !== null || tally.after !== null) lines.push(`Pain before ${tally.before ?? "–"}, after ${tally.after ?? "–"} (0-10).`);
  $("summary").textContent = lines.join(" ");
  // Say "saved" only when it is: offline, the rest goes when the connection is back.
  $("done").querySelector("h1").textContent = outbox.length
    ? "Session done: it will be saved when you are back online"
    : "Session saved";
  show("done");
  root.dataset.state = "done";
}

async function painSubmitted(value) {
  if (painStage === "before") { tally.before = value; await begin(); return; }
  tally.after = value;
  if (value !== null) outbox.push(["POST", `/api/sessions/${sessionId}/pain`, { after: value }]);
  await flush();
  summary();
}

$("pain-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const raw = $("pain-input").value.trim();
  if (raw === "") { painSubmitted(null); return; }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 10) {
    $("pain-input").setCustomValidity("A whole number from 0 to 10, or leave it empty to skip.");
    $("pain-input").reportValidity();
    return;
  }
  $("pain-input").setCustomValidity("");
  painSubmitted(value);
});
$("pain-skip").addEventListener("click", () => painSubmitted(null));

// Controls -------------------------------------------------------------------------------
const act = {
  pause: () => { engine.togglePause(); tick(); draw(); },
  next: () => { engine.skip(); tick(); },
  back: () => { engine.back(); tick(); },
  more: () => { engine.addTime(); tick(); },
  quit: () => {
    if (!engine.paused) engine.togglePause();
    if (confirm("End the session now? Everything you have done is saved.")) finish("quit");
    else { engine.togglePause(); tick(); }
  },
  hurt: () => {
    if (!engine || engine.finished || $("hurt-dialog").open) return;
    const phase = engine.stopForPain();
    const stretchId = engine.hurtStretchId();
    draw();
    const box = $("hurt-reasons");
    box.replaceChildren(...reasons.map((r, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = `${i + 1}. ${r.label}`;
      b.dataset.reason = r.id;
      b.addEventListener("click", () => hurtAnswered(r, phase, stretchId));
      return b;
    }));
    $("hurt-dialog").showModal();
  },
};

let reasons = [];
async function hurtAnswered(reason, phase, stretchId) {
  $("hurt-dialog").close();
  if (stretchId) {
    post(`/api/sessions/${sessionId}/hurt`, {
      phase_index: phase.index, stretch_id: stretchId, side: phase.side, reason: reason.id,
    });
    flags[stretchId] = `it hurt (${reason.label.toLowerCase()})`;
  }
  $("advice-title").textContent = reason.label;
  $("advice-text").textContent = reason.advice;
  $("advice-end").textContent = reason.advises_stop ? "End the session (advised)" : "End the session";
  $("advice-dialog").showModal();
}
$("advice-continue").addEventListener("click", () => { $("advice-dialog").close(); engine.continueAfterPain(); tick(); });
$("advice-end").addEventListener("click", () => { $("advice-dialog").close(); finish("quit"); });

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

// Load -----------------------------------------------------------------------------------
async function load() {
  const screen = await getJSON("/api/safety/screen");
  if (!screen.status.may_start) { show("gate"); return; }
  const opts = new URLSearchParams({ warmup: params.get("warmup") ?? "true" });
  [timeline, reasons] = await Promise.all([
    getJSON(`/api/routines/${routineId}/timeline?${opts}`),
    getJSON("/api/safety/hurt-reasons"),
  ]);
  const [history, warnings, stretches] = await Promise.all([
    getJSON("/api/history?limit=1"), getJSON("/api/profile/warnings"), getJSON("/api/stretches"),
  ]);
  for (const f of history.flags) flags[f.stretch_id] = `it hurt last time (${f.reason})`;
  notAdvised = warnings;
  for (const s of stretches) names[s.id] = s.name;
  show("pain-form");
  $("pain-input").focus();
  root.dataset.state = "ready";
}

load().catch((err) => {
  root.replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: `Could not load the session: ${err.message}` }));
});
