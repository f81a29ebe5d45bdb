// The inspector page: reads /inspector/api/* and shows it. No framework, no build step.
// The admin token comes from the URL fragment (#token=…), which browsers never send to a
// server; it is kept in this tab's sessionStorage and sent as a Bearer header.
"use strict";

const TERMINAL = ["TASK_STATE_COMPLETED", "TASK_STATE_FAILED", "TASK_STATE_CANCELED",
  "TASK_STATE_REJECTED"];
const $ = (sel) => document.querySelector(sel);
let followed = null; // { id, abort } of the task whose events are shown

function token() {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) {
    sessionStorage.setItem("inspector-token", decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname); // the token leaves the address bar
  }
  return sessionStorage.getItem("inspector-token");
}
const TOKEN = token();

function headers(extra) {
  const h = Object.assign({}, extra);
  if (TOKEN) h.Authorization = "Bearer " + TOKEN;
  return h;
}

async function api(path) {
  const resp = await fetch("/inspector/api" + path, { headers: headers() });
  const body = await resp.json();
  if (!resp.ok) throw new Error(body.error || resp.status);
  return body;
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function showError(err) { $("#status").textContent = err ? String(err.message || err) : ""; }

// ---- plugins -----------------------------------------------------------------------------

function renderPlugin(p) {
  const div = el("div", undefined, "plugin");
  div.append(el("h3", p.name));
  const dl = el("dl");
  const l = p.limits;
  const rows = [["version", p.component.slice(0, 12)],
    ["fuel", l.fuel.toLocaleString("en")], ["memory", (l.memoryBytes >> 20) + " MiB"],
    ["deadline", l.deadlineMs + " ms"], ["runs", l.maxConcurrentRuns + " at once, " +
      l.maxQueuedRuns + " queued"], ["grants", p.grants]];
  for (const [k, v] of rows) { dl.append(el("dt", k), el("dd", v)); }
  const skills = el("div", undefined, "skills");
  for (const s of p.skills) {
    const tag = el("span", s.id, "skill");
    tag.title = s.description;
    skills.append(tag);
  }
  div.append(skills, dl);
  return div;
}

async function loadPlugins() {
  const data = await api("/plugins");
  $("#host").textContent = "host " + data.host;
  const box = $("#plugins");
  box.replaceChildren(...data.plugins.map(renderPlugin));
  const select = $("#skill");
  select.replaceChildren();
  for (const p of data.plugins) {
    for (const s of p.skills) {
      const o = el("option", s.id);
      o.value = s.id;
      o.selected = s.id === data.defaultSkill;
      select.append(o);
    }
  }
}

// ---- tasks -------------------------------------------------------------------------------

function time(ts) { return ts ? ts.replace("T", " ").replace(/\.\d+/, "").replace("Z", "") : ""; }
// The time of day (UTC) of a timestamp; the whole of it is the cell's tooltip.
function clock(ts) { return time(ts).slice(11); }

function taskRow(t) {
  const tr = el("tr");
  tr.dataset.id = t.id;
  if (followed && followed.id === t.id) tr.classList.add("selected");
  const created = el("td", clock(t.created)), updated = el("td", clock(t.updated));
  created.title = t.created;
  updated.title = t.updated;
  tr.append(el("td", t.id.slice(0, 8)), el("td", t.state.replace("TASK_STATE_", ""),
    "state-" + t.state), el("td", t.skill), el("td", t.owner), created, updated,
    el("td", t.durationMs + " ms"));
  tr.addEventListener("click", () => openTask(t.id));
  return tr;
}

async function loadTasks() {
  const data = await api("/tasks?limit=50");
  $("#tasks tbody").replaceChildren(...data.tasks.map(taskRow));
}

// ---- streams -----------------------------------------------------------------------------

// Reads an SSE response body, calling onEvent(id, json) per event. Resolves at its end.
async function readSse(resp, onEvent) {
  const reader = resp.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let id = 0, data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("id:")) id = Number(line.slice(3).trim());
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (data) onEvent(id, JSON.parse(data));
    }
  }
}

function text(parts) {
  return (parts || []).map((p) => p.text ?? (p.data !== undefined ? JSON.stringify(p.data)
    : p.url || (p.filename ? "[file " + p.filename + "]" : "[bytes]"))).join(" ");
}

// One event as a line: what it is, the state it leaves, and what it says.
function describe(ev) {
  if (ev.error) return { line: "error: " + ev.error };
  if (ev.task) return { line: "task " + ev.task.status.state, state: ev.task.status.state,
    id: ev.task.id };
  if (ev.statusUpdate) {
    const s = ev.statusUpdate.status;
    const said = s.message ? ": " + text(s.message.parts) : "";
    return { line: "status " + s.state + said, state: s.state, id: ev.statusUpdate.taskId };
  }
  if (ev.artifactUpdate) return { line: "artifact " + ev.artifactUpdate.artifact.artifactId +
    ": " + text(ev.artifactUpdate.artifact.parts), id: ev.artifactUpdate.taskId };
  if (ev.message) return { line: "message " + ev.message.role + ": " + text(ev.message.parts),
    state: "direct reply (no task)" };
  return { line: JSON.stringify(ev) };
}

function append(list, seq, d) {
  const li = el("li", (seq ? "#" + seq + " " : "") + d.line, d.state ? "state-" + d.state : "");
  list.append(li);
}

// ---- one task, followed live -------------------------------------------------------------

async function openTask(id) {
  if (followed) followed.abort.abort();
  const abort = new AbortController();
  followed = { id, abort };
  document.querySelectorAll("#tasks tbody tr").forEach((tr) =>
    tr.classList.toggle("selected", tr.dataset.id === id));
  $("#task-id").textContent = id;
  $("#task-events").replaceChildren();
  const { summary } = await api("/tasks/" + encodeURIComponent(id));
  $("#task-meta").textContent = "skill " + summary.skill + " · owner " + summary.owner +
    " · context " + summary.contextId + " · created " + time(summary.created);
  await follow(id, 0, abort.signal);
}

// Streams the task's events after `last`; a stream ends with each turn, so a task that is
// not finished is followed again from its last event (Last-Event-ID), missing nothing.
async function follow(id, last, signal) {
  let state = null;
  while (!signal.aborted && !TERMINAL.includes(state)) {
    const h = headers(last ? { "Last-Event-ID": String(last) } : {});
    const resp = await fetch("/inspector/api/tasks/" + encodeURIComponent(id) + "/events",
      { headers: h, signal }).catch(() => null);
    if (!resp || !resp.ok) return;
    let got = 0;
    await readSse(resp, (seq, ev) => {
      got += 1;
      const d = describe(ev);
      if (seq) last = seq;
      if (d.state) state = d.state;
      append($("#task-events"), seq, d);
      const shown = $("#task-state");
      shown.textContent = state ? state.replace("TASK_STATE_", "") : "";
      shown.className = "state-" + state;
    }).catch(() => {});
    if (!got) return; // nothing came: the task is gone, or this was aborted
  }
}

// ---- the form ----------------------------------------------------------------------------

async function send(event) {
  event.preventDefault();
  const list = $("#stream");
  list.replaceChildren();
  $("#final-state").textContent = "…";
  const request = { message: { messageId: crypto.randomUUID(), role: "ROLE_USER",
    parts: [{ text: $("#text").value }], metadata: { skillId: $("#skill").value } } };
  const resp = await fetch("/inspector/api/send", { method: "POST", body: JSON.stringify(request),
    headers: headers({ "Content-Type": "application/json" }) });
  if (!resp.ok) {
    const body = await resp.json().catch(() => ({}));
    $("#final-state").textContent = "refused: " + (body.error || resp.status);
    return;
  }
  let final = null, taskId = null;
  await readSse(resp, (seq, ev) => {
    const d = describe(ev);
    if (d.state) final = d.state;
    if (d.id) taskId = d.id;
    append(list, seq, d);
  });
  const shown = $("#final-state");
  shown.textContent = final || "–";
  shown.className = "state-" + final;
  await loadTasks().catch(showError);
  if (taskId) openTask(taskId).catch(showError);
}

// ---- start -------------------------------------------------------------------------------

async function refresh() {
  try { await loadTasks(); showError(null); } catch (e) { showError(e); }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#send-form").addEventListener("submit", (e) => send(e).catch(showError));
  loadPlugins().catch(showError);
  refresh();
  setInterval(refresh, 2000);
});
