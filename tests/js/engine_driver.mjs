// Plays a timeline through engine.js on a manual clock, following a script of key presses,
// and prints what it recorded: the browser half of tests/test_engine_parity.py.
// Usage: node engine_driver.mjs ENGINE_JS TIMELINE_JSON SCRIPT_JSON
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [enginePath, timelinePath, scriptPath] = process.argv.slice(2);
const { Engine } = await import(pathToFileURL(enginePath).href);
const timeline = JSON.parse(readFileSync(timelinePath, "utf8"));
const script = JSON.parse(readFileSync(scriptPath, "utf8"));

let ms = 0;
const results = [];
const cues = [];
const engine = new Engine(timeline, {
  now: () => ms,
  onResult: (phase, outcome, seconds, key) => results.push([phase.index, outcome, seconds, key]),
  onCue: (phase, cue) => cues.push([phase.index, cue.kind, cue.text]),
});
const keys = {
  start: () => engine.start(), pause: () => engine.togglePause(), next: () => engine.skip(),
  back: () => engine.back(), more: () => engine.addTime(), hurt: () => engine.stopForPain(),
  "continue": () => engine.continueAfterPain(),
  // "It was just too strong": go on with the stretch's next phase (its other side).
  "continue-gently": () => engine.continueAfterPain(false), quit: () => engine.quit(),
};
for (const [action, seconds] of script) {
  if (action === "advance") ms += seconds * 1000;
  else keys[action]();
  engine.tick();
}
console.log(JSON.stringify({ results, cues, index: engine.index, finished: engine.finished }));
