// Routines: import a file, delete, and the editor (add, remove, reorder, save).
import { ApiError, send } from "./api.js";

// A file sent as it is, in its own format.
async function sendText(url, text, type) {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": type, Accept: "application/json" }, body: text });
  let data = null;
  try { data = await res.json(); } catch { /* no JSON answer */ }
  if (!res.ok) {
    const d = data?.detail;
    const words = Array.isArray(d) ? d.map((x) => (x.field ? `${x.field}: ${x.message}` : String(x))).join("; ") : d ? String(d) : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, words, data);
  }
  return data;
}

const $ = (id) => document.getElementById(id);

// Import ---------------------------------------------------------------------------------
// A JSON file is read here and sent as a routine. A YAML file is sent as it is, to be read
// by the server as the CLI reads it (POST /api/routine-files).
const importForm = $("import-form");
if (importForm) {
  importForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = importForm.file.files[0];
    const out = $("import-result");
    out.className = "";
    if (!file) { out.textContent = "Choose a file first."; return; }
    try {
      const text = await file.text();
      const yaml = /\.ya?ml$/i.test(file.name);
      let made;
      if (yaml) {
        made = await sendText("/api/routine-files", text, "application/yaml").catch((err) => {
          throw new Error(`${file.name}: ${err.message}`);
        });
      } else {
        let data;
        try { data = JSON.parse(text); } catch (err) { throw new Error(`${file.name}: not valid JSON (${err.message})`); }
        made = await send("POST", "/api/routines", data);
      }
      location.href = `/routines/${made.id}`;
    } catch (err) {
      out.textContent = `Not imported: ${err.message}`;
      out.className = "error";
    }
  });
}

// Delete ---------------------------------------------------------------------------------
const del = $("delete-routine");
if (del) {
  del.addEventListener("click", async () => {
    if (!confirm("Delete this routine? It cannot be undone.")) return;
    await send("DELETE", `/api/routines/${del.dataset.id}`);
    location.href = "/routines";
  });
}

// Editor ---------------------------------------------------------------------------------
// The steps, numbered, each with its way (hold or move), seconds, rounds and sides. The
// routine's id is made from its title and shown only as where it is saved.
const editor = $("routine-editor");
const slug = (title) => title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
if (editor) {
  const start = JSON.parse(editor.dataset.routine || "null");
  const creating = editor.dataset.mode === "create";
  const steps = start ? start.steps.map((s) => ({ ...s })) : [];
  const options = [...$("add-stretch").options];
  const names = Object.fromEntries(options.map((o) => [o.value, o.textContent]));
  // Hold, move, or either: as the library has each stretch (the server checks it too).
  const ways = Object.fromEntries(options.map((o) => [o.value, [
    ...(o.dataset.kind === "mobilizer" ? [] : ["hold"]), ...(o.dataset.moves === "true" ? ["mobilize"] : []),
  ]]));
  if (start) {
    editor.title.value = creating ? `${start.title} (my copy)` : start.title;
    editor.id.value = start.id;
  }

  function savedAs() {
    if (creating) editor.id.value = slug(editor.title.value) || "";
    $("saved-as").textContent = editor.id.value ? `Saved as “${editor.id.value}”` : "";
  }
  editor.title.addEventListener("input", savedAs);

  function field(li, selector, value, onChange) {
    const input = li.querySelector(selector);
    if (input.type === "checkbox") input.checked = value;
    else input.value = String(value);
    input.addEventListener("change", () => { onChange(input.type === "checkbox" ? input.checked : input.value); total(); });
  }

  function render() {
    const list = $("editor-steps");
    list.replaceChildren(...steps.map((s, i) => {
      const li = document.createElement("li");
      li.className = "editor-step";
      li.dataset.stretch = s.stretch;
      li.innerHTML = `<div class="what"><span class="name"></span>
        <div class="edit-row">
          <label>Do <select class="mode"></select></label>
          <label>Seconds <input type="number" min="5" max="600" class="hold" required></label>
          <label>Rounds <input type="number" min="1" max="10" class="reps" required></label>
          <label class="check"><input type="checkbox" class="sided"> Each side</label>
        </div>
        <div class="edit-row">
          <button type="button" class="up">↑<span class="visually-hidden"> Move up</span></button>
          <button type="button" class="down">↓<span class="visually-hidden"> Move down</span></button>
          <button type="button" class="remove">Remove</button>
        </div></div>`;
      li.querySelector(".name").textContent = names[s.stretch] || s.stretch;
      for (const b of li.querySelectorAll("button")) b.setAttribute("aria-describedby", `step-${i}`);
      li.querySelector(".name").id = `step-${i}`;
      const mode = li.querySelector(".mode");
      for (const way of ways[s.stretch] || [s.mode || "hold"]) {
        mode.append(new Option(way === "hold" ? "Hold still" : "Move", way));
      }
      mode.disabled = mode.options.length < 2;
      field(li, ".mode", s.mode || "hold", (v) => { s.mode = v; });
      field(li, ".hold", s.hold_seconds, (v) => { s.hold_seconds = Number(v); });
      field(li, ".reps", s.repetitions || 1, (v) => { s.repetitions = Number(v); });
      field(li, ".sided", s.per_side, (v) => { s.per_side = v; });
      li.querySelector(".up").addEventListener("click", () => move(i, -1));
      li.querySelector(".down").addEventListener("click", () => move(i, 1));
      li.querySelector(".remove").addEventListener("click", () => { steps.splice(i, 1); render(); });
      return li;
    }));
    $("editor-empty").hidden = steps.length > 0;
    total();
  }

  function move(i, by) {
    const j = i + by;
    if (j < 0 || j >= steps.length) return;
    [steps[i], steps[j]] = [steps[j], steps[i]];
    render();
  }

  // The stretching itself, as the routine page counts it (Step.work_seconds): no lead-ins.
  function total() {
    const seconds = steps.reduce((t, s) => t + s.hold_seconds * (s.per_side ? 2 : 1) * (s.repetitions || 1), 0);
    const m = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const time = m ? `${m} min${rest ? ` ${String(rest).padStart(2, "0")} s` : ""}` : `${rest} s`;
    $("editor-total").textContent = `${steps.length === 1 ? "1 stretch" : `${steps.length} stretches`} · ${time} of stretching`;
  }

  $("add-step").addEventListener("click", () => {
    const opt = $("add-stretch").selectedOptions[0];
    steps.push({
      stretch: opt.value, hold_seconds: Number(opt.dataset.hold), per_side: opt.dataset.sided === "true",
      mode: opt.dataset.kind === "mobilizer" ? "mobilize" : "hold", repetitions: 1, note: null,
    });
    render();
  });

  editor.addEventListener("submit", async (e) => {
    e.preventDefault();
    const out = $("editor-result");
    savedAs();
    const routine = {
      id: editor.id.value.trim(), title: editor.title.value.trim(),
      source: creating ? null : start.source, description: creating ? null : start.description, steps,
      // A plan's timing (warm-up, lead-ins) stays with it, in an edit or a copy.
      pacing: start?.pacing ?? null,
    };
    try {
      if (!steps.length) throw new Error("add at least one stretch");
      if (!routine.id) throw new Error("give it a title with a letter or a number in it");
      if (creating) await send("POST", "/api/routines", routine);
      else await send("PUT", `/api/routines/${routine.id}`, routine);
      location.href = `/routines/${routine.id}`;
    } catch (err) {
      out.textContent = `Not saved: ${err.message}`;
      out.className = "error";
    }
  });
  savedAs();
  render();
}
