// Plays a timeline (the JSON from /api/routines/ID/timeline) against a clock.
// The schedule comes from the server: this only walks its phases and cues. A phase ends at a
// deadline; the next starts at that deadline, not "now", so a long session does not drift.
// It mirrors src/supple/player/engine.py step for step; tests/test_engine_parity.py holds
// the two to the same phases, outcomes, keys and times.
import { Outcome } from "./kinds.js";

const EXTRA_SECONDS = 15;
const BACK_RESTARTS_AFTER = 3;
const END_CUES = new Set(["countdown", "release"]);

export class Engine {
  constructor(timeline, { now, speed = 1, onResult, onCue, onPhase }) {
    this.timeline = timeline;
    this.phases = timeline.phases;
    // Session seconds on a monotonic clock, optionally faster for demonstrations and tests.
    this.clock = () => (now() / 1000) * speed;
    this.onResult = onResult || (() => {});
    this.onCue = onCue || (() => {});
    this.onPhase = onPhase || (() => {});
    this.index = 0;
    this.phaseStart = 0;
    this.extra = 0;
    this.pausedAt = null;
    this.started = false;
    this.finished = false;
    this.seq = 0;
    this.open = false; // the current phase has not been recorded yet
    this.fired = new Set();
  }

  get phase() { return this.phases[Math.min(this.index, this.phases.length - 1)]; }
  get paused() { return this.pausedAt !== null; }
  at() { return this.pausedAt ?? this.clock(); }
  deadline() { return this.phaseStart + this.phase.duration + this.extra; }
  elapsed() { return Math.max(0, this.at() - this.phaseStart); }
  remaining() { return Math.max(0, this.deadline() - this.at()); }
  sessionRemaining() {
    if (this.finished) return 0;
    let later = 0;
    for (const p of this.phases.slice(this.index + 1)) later += p.duration;
    return this.remaining() + later;
  }
  nextPhase() { return this.phases[this.index + 1] || null; }

  start() { this.started = true; this.enter(0, this.clock()); }

  // Each result carries a key (phase index and sequence number): the store keeps one per key,
  // so a resend after a dropped connection is harmless.
  result(outcome, seconds) {
    if (!this.open) return;
    this.open = false;
    this.seq += 1;
    const phase = this.phase;
    this.onResult(phase, outcome, seconds, `${phase.index}.${this.seq}`);
  }

  enter(index, at) {
    this.index = index;
    this.phaseStart = at;
    this.extra = 0;
    this.fired = new Set();
    if (index >= this.phases.length) { this.finished = true; return; }
    this.open = true;
    this.onPhase(this.phase);
    this.fireDue();
  }

  cueTime(cue) { return END_CUES.has(cue.kind) ? cue.at + this.extra : cue.at; }

  fireDue(until) {
    const at = until ?? this.at();
    this.phase.cues.forEach((cue, i) => {
      if (!this.fired.has(i) && this.phaseStart + this.cueTime(cue) <= at + 1e-9) {
        this.fired.add(i);
        this.onCue(this.phase, cue);
      }
    });
  }

  tick() {
    if (!this.started || this.finished || this.paused) return;
    const now = this.clock();
    while (!this.finished && now >= this.deadline()) {
      const end = this.deadline();
      this.fireDue(end);
      this.result(Outcome.DONE, end - this.phaseStart);
      this.enter(this.index + 1, end);
    }
    if (!this.finished) this.fireDue();
  }

  togglePause() {
    if (this.finished) return;
    if (this.pausedAt === null) this.pausedAt = this.clock();
    else { this.phaseStart += this.clock() - this.pausedAt; this.pausedAt = null; }
  }

  restartPause() { if (this.pausedAt !== null) this.pausedAt = this.clock(); }

  skip() {
    if (this.finished) return;
    this.result(Outcome.SKIPPED, this.elapsed());
    this.restartPause();
    this.enter(this.index + 1, this.at());
  }

  back() {
    if (this.finished) return;
    const target = this.elapsed() < BACK_RESTARTS_AFTER && this.index > 0 ? this.index - 1 : this.index;
    this.restartPause();
    this.enter(target, this.at());
  }

  addTime(seconds = EXTRA_SECONDS) { if (!this.finished) this.extra += seconds; }

  stopForPain() {
    const phase = this.phase;
    this.result(Outcome.STOPPED, this.elapsed());
    if (this.pausedAt === null) this.pausedAt = this.clock();
    return phase;
  }

  // leaveStretch: the rest of the stretch that hurt (its other side, its rounds) is left out,
  // as after pain the advice is to stop. Otherwise (it was just too strong) only the stopped
  // phase is: the other side still follows, done more gently. A rest belongs to no stretch:
  // only it is left behind.
  continueAfterPain(leaveStretch = true) {
    const step = this.phase.stretch_id && leaveStretch ? this.phase.step_index : null;
    let next = this.index + 1;
    if (step !== null) while (next < this.phases.length && this.phases[next].step_index === step) next++;
    this.pausedAt = null;
    this.enter(next, this.clock());
  }

  // End the session now: the phase in progress is recorded with the time spent in it.
  quit() {
    if (this.started && !this.finished) this.result(Outcome.ENDED, this.elapsed());
    this.finished = true;
  }

  hurtStretchId() {
    for (let i = this.index; i >= 0; i--) if (this.phases[i].stretch_id) return this.phases[i].stretch_id;
    return null;
  }
}
