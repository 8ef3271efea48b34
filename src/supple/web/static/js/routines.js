// Routines: import a file, delete, and the editor (add, remove, reorder, save).
import { send } from "./api.js";

const $ = (id) => document.getElementById(id);

// Import ---------------------------------------------------------------------------------
const importForm = $("import-form");
if (importForm) {
  importForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = importForm.file.files[0];
    const out = $("import-result");
    if (!file) { out.textContent = "Choose a file first."; return; }
    try {
      const text = await file.text();
      if (!file.name.endsWith(".json")) throw new Error(`${file.name}: YAML files are imported with "supple routine import"; here, choose the JSON export`);
      let data;
      try { data = JSON.parse(text); } catch (err) { throw new Error(`${file.name}: not valid JSON (${err.message})`); }
      const made = await send("POST", "/api/routines", data);
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
const editor = $("routine-editor");
if (editor) {
  const start = JSON.parse(editor.dataset.routine || "null");
  const creating = editor.dataset.mode === "create";
  let steps = start ? start.steps.map((s) => ({ ...s })) : [];
  const names = Object.fromEntries([...$("add-stretch").options].map((o) => [o.value, o.textContent]));
  if (start) {
    editor.title.value = creating ? `${start.title} (my copy)` : start.title;
    editor.id.value = creating ? `${start.id}-mine` : start.id;
  }

  function render() {
    const list = $("editor-steps");
    list.replaceChildren(...steps.map((s, i) => {
      const li = document.createElement("li");
      li.className = "editor-step";
      li.dataset.stretch = s.stretch;
      li.innerHTML = `<span class="name"></span>
        <label>seconds <input type="number" min="5" max="600" class="hold" required></label>
        <label><input type="checkbox" class="sided"> each side</label>
        <button type="button" class="up" aria-label="Move up">↑</button>
        <button type="button" class="down" aria-label="Move down">↓</button>
        <button type="button" class="remove" aria-label="Remove">✕</button>`;
      li.querySelector(".name").textContent = names[s.stretch] || s.stretch;
      const hold = li.querySelector(".hold");
      hold.value = s.hold_seconds;
      hold.addEventListener("change", () => { s.hold_seconds = Number(hold.value); total(); });
      const sided = li.querySelector(".sided");
      sided.checked = s.per_side;
      sided.addEventListener("change", () => { s.per_side = sided.checked; total(); });
      li.querySelector(".up").addEventListener("click", () => move(i, -1));
      li.querySelector(".down").addEventListener("click", () => move(i, 1));
      li.querySelector(".remove").addEventListener("click", () => { steps.splice(i, 1); render(); });
      return li;
    }));
    total();
  }

  function move(i, by) {
    const j = i + by;
    if (j < 0 || j >= steps.length) return;
    [steps[i], steps[j]] = [steps[j], steps[i]];
    render();
  }

  function total() {
    const seconds = steps.reduce((t, s) => t + s.hold_seconds * (s.per_side ? 2 : 1) * (s.repetitions || 1), 0);
    $("editor-total").textContent = `${steps.length} stretches, ${Math.floor(seconds / 60)} min ${seconds % 60} s of stretching`;
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
    const routine = {
      id: editor.id.value.trim(), title: editor.title.value.trim(),
      source: creating ? null : start.source, description: creating ? null : start.description, steps,
    };
    try {
      if (!steps.length) throw new Error("add at least one stretch");
      if (creating) await send("POST", "/api/routines", routine);
      else await send("PUT", `/api/routines/${routine.id}`, routine);
      location.href = `/routines/${routine.id}`;
    } catch (err) {
      out.textContent = `Not saved: ${err.message}`;
      out.className = "error";
    }
  });
  render();
}
