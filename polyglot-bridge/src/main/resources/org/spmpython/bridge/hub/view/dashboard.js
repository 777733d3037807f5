// The live view of an spm-python hub: follows /api/events (the hub's whole state, as JSON, each
// time it changes) and draws it. Builds every element with textContent: no hub text is HTML.
"use strict";

const token = new URLSearchParams(location.search).get("token");
const query = token ? "?token=" + encodeURIComponent(token) : "";
const WINDOW_MS = 60000;
const expanded = new Set();   // reports whose traceback is open, by "run:task"
let state = null;
let receivedAt = 0;           // performance.now() when the state arrived

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "style") e.style.cssText = v;   // through CSSOM: the page's policy forbids style attributes
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function seconds(ms) {
  return (ms / 1000).toFixed(1) + " s";
}

/** The hub's clock now, estimated from the last state. */
function hubNow() {
  return state ? state.now + (performance.now() - receivedAt) : 0;
}

function firstLine(error) {
  const lines = (error || "").trim().split("\n");
  return lines[lines.length - 1];
}

function renderRun(run) {
  const box = document.getElementById("run");
  if (!run) {
    box.replaceChildren(el("p", { class: "dim" }, "no run yet"));
    return;
  }
  const f = run.failed;
  const count = (cls, label, n, testid) => el("div", { class: "count " + cls, "data-testid": testid },
    el("span", { class: "n" }, n), label);
  const pct = (n) => (run.tasks ? (100 * n / run.tasks) : 0) + "%";
  const bar = el("div", { class: "progress" },
    el("span", { class: "p-done", style: "width:" + pct(run.done) }),
    el("span", { class: "p-failed", style: "width:" + pct(run.failedTotal) }),
    el("span", { class: "p-running", style: "width:" + pct(run.running) }));
  box.replaceChildren(
    el("div", { class: "head" }, el("b", {}, "run " + run.id), el("span", {}, run.manager),
      el("span", { class: "badge" + (run.online ? " online" : ""), "data-testid": "run-online" },
        run.online ? "online" : "offline"),
      el("span", { class: "dim" }, run.tasks + " tasks")),
    el("div", { class: "counts" },
      count("done", "done", run.done, "done"),
      count("failed", "failed (load " + f.load + ", eval " + f.eval + ", dropped " + f.dropped + ")",
        run.failedTotal, "failed"),
      count("running", "running", run.running, "running"),
      count("pending", "pending", run.pending, "pending")),
    bar);
}

function renderSpokes(spokes) {
  const byServer = new Map();
  for (const s of spokes) {
    if (!byServer.has(s.server)) byServer.set(s.server, []);
    byServer.get(s.server).push(s);
  }
  const servers = [];
  for (const server of [...byServer.keys()].sort()) {
    const list = byServer.get(server).sort((a, b) => (a.core - b.core) || (a.id - b.id));
    servers.push(el("div", { class: "server" },
      el("h3", {}, "server " + server + (server === state.hub ? " (hub)" : "")),
      el("div", { class: "cores" }, ...list.map((s) => el("div", {
        class: "spoke", "data-spoke-id": s.id, "data-state": s.state, "data-testid": "spoke",
        title: s.why ? s.why : "pid " + s.pid,
      },
      el("div", {}, "spoke " + s.id + " ", el("span", { class: "state" }, s.state)),
      el("div", { class: "meta" }, (s.core >= 0 ? "core " + s.core : "no core") + " · pid " + s.pid
        + (s.local ? "" : " · remote")),
      el("div", { class: "meta task" }, s.task !== null ? "runs task " + s.task + " of run " + s.taskRun
        : s.tasksRun + " task" + (s.tasksRun === 1 ? "" : "s") + " run"))))));
  }
  document.getElementById("spokes").replaceChildren(...servers);
  const live = spokes.filter((s) => s.state !== "lost");
  const counts = {};
  for (const s of live) counts[s.state] = (counts[s.state] || 0) + 1;
  document.getElementById("spoke-summary").textContent = "(" + live.length + " live: "
    + (Object.entries(counts).map(([k, n]) => n + " " + k).join(", ") || "none") + ")";
}

function renderTimeline() {
  if (!state) return;
  const now = hubNow();
  const from = now - WINDOW_MS;
  const lanes = state.spokes.filter((s) => s.timeline.length || s.state !== "lost").map((s) => {
    const track = el("div", { class: "track" });
    for (const g of s.timeline) {
      const end = g.end < 0 ? now : g.end;
      if (end < from) continue;
      const left = Math.max(0, (g.start - from) / WINDOW_MS * 100);
      const width = Math.max(0.2, (end - Math.max(g.start, from)) / WINDOW_MS * 100);
      const failed = g.status !== "done" && g.status !== "running";
      track.append(el("div", {
        class: "seg" + (failed ? " failed" : g.status === "running" ? " running" : ""),
        style: "left:" + left + "%;width:" + width + "%",
        title: "task " + g.task + " (run " + g.run + "): " + g.status + ", " + seconds(end - g.start),
        "data-status": g.status,
      }));
    }
    return el("div", { class: "lane" }, el("span", {}, "spoke " + s.id + " · " + s.server), track);
  });
  document.getElementById("timeline").replaceChildren(...lanes);
}

function renderReports(run) {
  const rows = [];
  for (const r of run ? run.recent : []) {
    const key = r.run + ":" + r.task;
    const failed = r.status !== "done";
    const row = el("tr", { class: failed ? "failed" : "", "data-testid": "report", "data-task": r.task,
      "data-status": r.status },
    el("td", {}, r.task), el("td", { class: "status" }, r.status),
    el("td", {}, r.spoke >= 0 ? r.spoke : "-"), el("td", {}, r.server || "-"),
    el("td", { class: "error" }, firstLine(r.error)));
    rows.push(row);
    if (failed) {
      row.addEventListener("click", () => {
        if (expanded.has(key)) expanded.delete(key); else expanded.add(key);
        renderReports(state.run);
      });
      if (expanded.has(key)) {
        rows.push(el("tr", { class: "traceback-row" },
          el("td", { colspan: "5" }, el("pre", { class: "traceback", "data-testid": "traceback" }, r.error))));
      }
    }
  }
  document.querySelector("#reports tbody").replaceChildren(...rows);
}

function renderLog(log) {
  const box = document.getElementById("log");
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  box.replaceChildren(...log.map((l) => el("li", {},
    el("span", { class: "t" }, seconds(l.at)), el("span", { class: "src" }, l.source), l.text)));
  if (state.droppedEvents > 0) {
    box.append(el("li", {}, "the view fell behind and missed " + state.droppedEvents + " events: its counts may be short"));
  }
  if (atBottom) box.scrollTop = box.scrollHeight;
}

function render() {
  document.getElementById("hub").textContent = state.hub;
  renderRun(state.run);
  renderSpokes(state.spokes);
  renderTimeline();
  renderReports(state.run);
  renderLog(state.log);
}

function connect() {
  const live = document.getElementById("connection");
  const source = new EventSource("api/events" + query);
  source.addEventListener("state", (e) => {
    state = JSON.parse(e.data);
    receivedAt = performance.now();
    live.textContent = "live";
    live.dataset.live = "true";
    render();
  });
  source.addEventListener("error", () => {
    live.textContent = "reconnecting…";
    live.dataset.live = "false";
  });
}

document.getElementById("api-link").href = "api/state" + query;
setInterval(renderTimeline, 500);
connect();
