// Halo Warga agent console. Citizen text is only ever put in the page with textContent
// (never innerHTML); the page's CSP allows scripts from this origin only. The console's own
// words come from the app's text catalogue (GET /api/texts/console, texts/id/console.yml).
"use strict";

const state = { csrf: "", apiToken: "", staff: null, current: null, detail: null, ws: null, shown: new Set(), live: [], opening: 0, queue: [] };
const $ = (sel) => document.querySelector(sel);

const T = {}; // the console's words, filled at start (loadTexts)
// a template's {name} filled in from params
const tf = (key, params) => String(T[key]).replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));

async function loadTexts() {
  for (;;) {
    try {
      const resp = await fetch("/api/texts/console", { cache: "no-store" });
      if (resp.ok) { Object.assign(T, await resp.json()); return; }
    } catch (_) { /* the app is not answering yet */ }
    await new Promise((again) => setTimeout(again, 2000));
  }
}
const reasonOf = (reason) => T.reasons[reason] || reason;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

async function api(method, path, body) {
  const resp = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": state.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await resp.json(); } catch (_) { data = null; }
  if (resp.status === 401 && path !== "/api/console/login") { showLogin(); }
  if (!resp.ok) {
    const detail = data && data.detail ? (typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail)) : resp.statusText;
    throw new Error(detail);
  }
  return data;
}

function fmtWait(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? tf("wait_minutes", { m: m, s: s % 60 }) : tf("wait_seconds", { s: s });
}

function isSupervisor() { return state.staff && (state.staff.role === "supervisor" || state.staff.role === "admin"); }

// ---- sign-in -------------------------------------------------------------------------

function showLogin() {
  $("#app").hidden = true;
  $("#login").hidden = false;
  if (state.ws) { state.ws.onclose = null; state.ws.close(); state.ws = null; }
}

function startApp(data) {
  state.csrf = data.csrf_token;
  state.apiToken = data.api_token;
  state.staff = data.staff;
  $("#login").hidden = true;
  $("#app").hidden = false;
  $("#who").textContent = `${data.staff.name} (${data.staff.role})`;
  document.querySelectorAll(".supervisor-only").forEach((b) => { b.hidden = !isSupervisor(); });
  connect();
  refreshQueue();
  loadCanned();
}

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("#login-error").textContent = "";
  try {
    const data = await api("POST", "/api/console/login", {
      username: $("#login-username").value, password: $("#login-password").value,
    });
    $("#login-password").value = "";
    startApp(data);
  } catch (err) {
    $("#login-error").textContent = T.login_failed;
  }
});

$("#logout").addEventListener("click", async () => {
  try { await api("POST", "/api/console/logout"); } catch (_) { /* already out */ }
  showLogin();
});

// ---- live connection -------------------------------------------------------------------

let retry = 1000;
function connect() {
  const proto = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(proto + location.host + "/api/console/ws");
  state.ws = ws;
  ws.onopen = () => { retry = 1000; $("#live-status").textContent = T.live_on; $("#live-status").classList.add("on"); refreshQueue(); if (state.current) openRequest(state.current); };
  ws.onclose = () => {
    $("#live-status").textContent = T.live_off; $("#live-status").classList.remove("on");
    if (state.ws === ws) { setTimeout(connect, retry); retry = Math.min(retry * 2, 15000); }
  };
  ws.onmessage = (ev) => {
    const event = JSON.parse(ev.data);
    if (event.type === "queue") refreshQueue();
    else if (event.type === "request") { refreshQueue(); if (event.request_id === state.current) openRequest(state.current); }
    else if (event.type === "message" && event.request_id === state.current) appendLine(event.message);
    else if (event.type === "sent") { $("#composer-text").value = ""; }
    else if (event.type === "error") { $("#conv-error").textContent = event.message; }
  };
}

// ---- queue ------------------------------------------------------------------------------

async function refreshQueue() {
  let data;
  try { data = await api("GET", "/api/console/queue"); } catch (_) { return; }
  state.queue = data.requests.map((r) => ({ ...r, fetched: Date.now() }));
  $("#hours-note").textContent = data.open_now ? "" : T.hours_note;
  renderQueue();
  loadLive();
}

function renderQueue() {
  const list = $("#queue-list");
  list.replaceChildren();
  $("#queue-empty").hidden = state.queue.length > 0;
  for (const r of state.queue) {
    const li = el("li");
    li.dataset.requestId = r.id;
    li.dataset.status = r.status;
    if (r.id === state.current) li.classList.add("selected");
    li.append(el("strong", `${r.channel} · ${reasonOf(r.reason)}`));
    const info = r.status === "waiting"
      ? tf("queue_waiting", { wait: fmtWait(r.waiting_s + (Date.now() - r.fetched) / 1000), position: r.position })
      : tf("queue_served", { agent: r.agent ? r.agent.name : "" });
    li.append(el("div", info, "muted wait"));
    if (r.after_hours) li.append(el("div", r.callback_phone ? tf("queue_callback", { phone: r.callback_phone }) : T.queue_after_hours, "muted"));
    li.addEventListener("click", () => openRequest(r.id));
    list.append(li);
  }
}
setInterval(() => { if (!$("#app").hidden) renderQueue(); }, 1000);

async function loadLive() {
  let data;
  try { data = await api("GET", "/api/console/live"); } catch (_) { return; }
  const list = $("#live-list");
  list.replaceChildren();
  for (const c of data.conversations) {
    const li = el("li");
    li.append(el("span", c.id + " "));
    const b = el("button", T.take_over);
    b.type = "button";
    b.addEventListener("click", async (ev) => {
      ev.stopPropagation();
      try { const res = await api("POST", `/api/console/conversations/${encodeURIComponent(c.id)}/take`); await refreshQueue(); openRequest(res.request_id); }
      catch (err) { $("#conv-error").textContent = err.message; }
    });
    li.append(b);
    list.append(li);
  }
}

// ---- one conversation ---------------------------------------------------------------------

function appendLine(m) {
  if (m.id && state.shown.has(m.id)) return;
  if (m.id) state.shown.add(m.id);
  state.live.push(m);
  const li = el("li", null, `msg ${m.sender}`);
  li.append(el("span", T.senders[m.sender] || m.sender, "who"));
  li.append(el("span", m.text, "text"));
  const box = $("#transcript");
  box.append(li);
  box.scrollTop = box.scrollHeight;
}

function renderPanel(node, panel, kind) {
  node.replaceChildren();
  node.classList.toggle("unavailable", !panel.available);
  if (!panel.available) {
    node.textContent = tf("panel_unavailable", { kind: T.panel_kinds[kind] || kind });
    return;
  }
  if (!panel.items.length) { node.textContent = T.panel_empty; return; }
  const ul = el("ul", null, "list");
  for (const item of panel.items) {
    const li = el("li");
    li.append(el("div", item.label || JSON.stringify(item)));
    for (const a of item.actions || []) {
      const b = el("button", a.label, "record-action");
      b.type = "button";
      b.addEventListener("click", () => recordAction(a));
      li.append(b);
    }
    ul.append(li);
  }
  node.append(ul);
}

// Actions on complaints/bookings go to those services' own staff APIs (bearer token).
async function recordAction(a) {
  const body = { ...(a.body || {}) };
  if (a.needs_reason) {
    const reason = window.prompt(T.reason_prompt);
    if (!reason) return;
    body.reason = reason;
  }
  const resp = await fetch(a.path, {
    method: a.method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.apiToken}` },
    body: JSON.stringify(body),
  });
  if (!resp.ok) {
    let detail = resp.statusText;
    try { const d = await resp.json(); detail = typeof d.detail === "string" ? d.detail : JSON.stringify(d.detail); } catch (_) { /* keep status text */ }
    $("#conv-error").textContent = detail;
  }
  if (state.current) openRequest(state.current);
}

// Several refreshes can be in flight (a live event, the agent's own action): only the latest
// renders, and lines pushed live while it was fetched are kept, not wiped by its older snapshot.
async function openRequest(id) {
  const same = state.current === id;
  state.current = id;
  const ticket = ++state.opening;
  let d;
  try { d = await api("GET", `/api/console/requests/${id}`); }
  catch (err) { if (ticket === state.opening) $("#conv-error").textContent = err.message; return; }
  if (ticket !== state.opening || state.current !== id) return;
  const pushed = same ? state.live : [];
  state.detail = d;
  $("#conversation").hidden = false;
  $("#conv-error").textContent = "";
  $("#conv-title").textContent = d.conversation_id;
  const who = d.agent ? tf("meta_agent", { name: d.agent.name }) : "";
  $("#conv-meta").textContent = tf("meta", { reason: reasonOf(d.reason), status: d.status }) + who +
    (d.callback_phone ? tf("meta_callback", { phone: d.callback_phone }) : "");
  const mine = d.agent && d.agent.id === state.staff.id;
  const open = d.status !== "closed";
  $("#btn-claim").disabled = !(open && (d.status === "waiting" || (isSupervisor() && !mine)));
  $("#btn-handback").disabled = !(open && (mine || (isSupervisor() && d.status === "claimed")));
  $("#btn-close").disabled = $("#btn-handback").disabled;
  $("#composer-send").disabled = $("#btn-handback").disabled;
  $("#note-add").disabled = !(open && (mine || isSupervisor()));
  state.shown = new Set();
  state.live = [];
  $("#transcript").replaceChildren();
  d.transcript.forEach(appendLine);
  pushed.filter((m) => m.id).forEach(appendLine);
  const dl = $("#summary");
  dl.replaceChildren();
  for (const [k, v] of Object.entries(d.summary || {})) {
    dl.append(el("dt", k));
    dl.append(el("dd", typeof v === "string" ? v : JSON.stringify(v)));
  }
  renderPanel($("#panel-complaints"), d.citizen_records.complaints, "complaints");
  renderPanel($("#panel-bookings"), d.citizen_records.bookings, "bookings");
  const notes = $("#notes");
  notes.replaceChildren();
  for (const n of d.notes) notes.append(el("li", `${n.author}: ${n.text}`));
  renderQueue();
}

async function act(path) {
  $("#conv-error").textContent = "";
  try { await api("POST", `/api/console/requests/${state.current}/${path}`); }
  catch (err) { $("#conv-error").textContent = err.message; }
  await refreshQueue();
  await openRequest(state.current);
}
$("#btn-claim").addEventListener("click", () => act("claim"));
$("#btn-handback").addEventListener("click", () => act("handback"));
$("#btn-close").addEventListener("click", () => act("close"));

$("#composer").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("#composer-text").value.trim();
  if (!text || !state.current) return;
  if (state.ws && state.ws.readyState === WebSocket.OPEN) {
    state.ws.send(JSON.stringify({ type: "send", request_id: state.current, text, csrf: state.csrf }));
  } else {
    try { await api("POST", `/api/console/requests/${state.current}/messages`, { text }); $("#composer-text").value = ""; await openRequest(state.current); }
    catch (err) { $("#conv-error").textContent = err.message; }
  }
});

$("#note-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("#note-text").value.trim();
  if (!text) return;
  try { await api("POST", `/api/console/requests/${state.current}/notes`, { text }); $("#note-text").value = ""; await openRequest(state.current); }
  catch (err) { $("#conv-error").textContent = err.message; }
});

// ---- canned replies -----------------------------------------------------------------------

async function loadCanned() {
  let data;
  try { data = await api("GET", "/api/console/canned"); } catch (_) { return; }
  const sel = $("#canned-select");
  sel.replaceChildren(el("option", T.canned_pick));
  sel.firstChild.value = "";
  const admin = $("#canned-admin");
  admin.replaceChildren();
  for (const c of data.replies) {
    const opt = el("option", c.title);
    opt.value = c.text;
    sel.append(opt);
    const li = el("li", `${c.title}: ${c.text} `);
    const rm = el("button", T.canned_remove);
    rm.type = "button";
    rm.addEventListener("click", async () => { await api("DELETE", `/api/console/canned/${c.id}`); loadCanned(); });
    li.append(rm);
    admin.append(li);
  }
}
$("#canned-select").addEventListener("change", (ev) => {
  if (ev.target.value) { $("#composer-text").value = ev.target.value; ev.target.value = ""; $("#composer-text").focus(); }
});
$("#canned-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  await api("POST", "/api/console/canned", { title: $("#canned-title").value, text: $("#canned-text").value });
  $("#canned-title").value = ""; $("#canned-text").value = "";
  loadCanned();
});

// ---- supervisor and audit views -----------------------------------------------------------

async function loadSupervisor() {
  const data = await api("GET", "/api/console/overview");
  const body = $("#agents-table tbody");
  body.replaceChildren();
  for (const a of data.agents) {
    const tr = el("tr");
    [a.name, a.role, a.online ? T.online_yes : T.online_no, a.open_conversations].forEach((v) => tr.append(el("td", v)));
    body.append(tr);
  }
  const q = data.queue;
  $("#queue-stats").textContent =
    tf("queue_stats", { waiting: q.waiting, claimed: q.claimed, longest: fmtWait(q.longest_wait_s), today: q.claimed_today }) +
    (q.average_wait_today_s !== null ? tf("queue_stats_average", { average: fmtWait(q.average_wait_today_s) }) : "");
}

async function loadAudit() {
  const data = await api("GET", "/api/console/audit?limit=200");
  const body = $("#audit-table tbody");
  body.replaceChildren();
  for (const e of data.entries) {
    const tr = el("tr");
    [new Date(e.at).toLocaleString("id-ID"), e.actor, e.action, e.conversation_id || "", e.detail ? JSON.stringify(e.detail) : ""].forEach((v) => tr.append(el("td", v)));
    body.append(tr);
  }
}

document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", async () => {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === tab));
  for (const v of ["desk", "supervisor", "audit"]) $(`#view-${v}`).hidden = tab.dataset.view !== v;
  try {
    if (tab.dataset.view === "supervisor") await loadSupervisor();
    if (tab.dataset.view === "audit") await loadAudit();
  } catch (err) { $("#conv-error").textContent = err.message; }
}));

// ---- start: resume an existing session ------------------------------------------------------

(async () => {
  await loadTexts();
  try { startApp(await api("GET", "/api/console/me")); } catch (_) { showLogin(); }
})();
