// The ready screen's parts the player draws from the server's answers: the first picture
// and this week's usual-pain question. The picture addresses are the player's too.
import { PhaseKind } from "./kinds.js";

const $ = (id) => document.getElementById(id);

// The picture: the current stretch and side, in one fixed frame; a mobilizer or the warm-up
// moves. Between stretches the frame stays, empty, so nothing below it jumps.
// A stretch with positions left out for this person (the spine's rounding, with
// osteoporosis) shows the one pose the timeline names, still.
export function figureUrl(timeline, p) {
  const brief = timeline.stretches[p.stretch_id];
  if (!brief?.has_figure) return null;
  const pose = brief.figure_pose ? `&pose=${encodeURIComponent(brief.figure_pose)}` : "";
  // The right side's picture is the left one mirrored (figures/render.py): one picture per
  // stretch is fetched, and the frame flips it for the right side.
  // Getting ready: the server's picture of getting into the position (for a floor, wall or
  // chair stretch, a short animation into it; otherwise the stretch itself).
  const ready = p.kind === PhaseKind.READY ? "&phase=ready" : "";
  return `/figures/${p.stretch_id}.svg?side=left${pose}${p.animate ? "&animate=true" : ""}${ready}`;
}

// The ready screen's picture: the session's first, fetched once for both screens. The
// service worker keeps every picture (sw.js), so they still come if the connection drops.
export function drawReadyFigure(timeline) {
  const first = timeline.phases.find((p) => figureUrl(timeline, p));
  const img = $("ready-figure");
  img.hidden = !first;
  if (!first) return;
  img.src = figureUrl(timeline, first);
  img.alt = timeline.stretches[first.stretch_id].name;
}

// Without a service worker (a phone on the local network is not a secure context, so it
// has none), every picture of the session is fetched as it starts, while the connection is
// surely there: the browser's cache keeps them if it drops mid-session.
export function prefetchFigures(timeline) {
  if (navigator.serviceWorker?.controller) return; // it keeps every picture (sw.js)
  for (const url of new Set(timeline.phases.map((p) => figureUrl(timeline, p)).filter(Boolean))) {
    fetch(url).catch(() => {});
  }
}

// The weekly question, in the server's words, below the pain now and above Start.
export function drawWeekly(weekly) {
  const input = Object.assign(document.createElement("input"), {
    id: "weekly-input", type: "number", min: 0, max: 10, inputMode: "numeric",
  });
  input.setAttribute("aria-describedby", "weekly-hint");
  input.addEventListener("input", () => input.setCustomValidity(""));
  const label = Object.assign(document.createElement("label"), { htmlFor: "weekly-input", textContent: weekly.question });
  const hint = Object.assign(document.createElement("span"), { id: "weekly-hint", className: "muted", textContent: weekly.hint });
  const box = Object.assign(document.createElement("div"), { id: "weekly" });
  for (const part of [label, input, hint]) {
    const line = document.createElement("p");
    line.append(part);
    box.append(line);
  }
  $("pain-scale").after(box);
}

