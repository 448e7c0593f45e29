// Halo Warga kiosk: large text, touch, keyboard and voice. Vanilla JS; the QR library comes
// from npm (kiosk_ui/package-lock.json), served by the app. Talks only to the app:
// /api/chat (+ /updates), /api/voice/speak, /api/voice/transcribe.
// Parts: texts.js (words), speech.js (speech out), answers.js (date/time grids, number pad),
// receipt.js (receipt and QR code), voice.js (voice in), keys.js (on-screen keyboard, keys),
// controls.js (the controls bar); this file wires them together once texts.js has the
// kiosk's words from the app.
window.Halo.ready.then(function () {
  "use strict";
  const Halo = window.Halo;
  const T = Halo.T;
  const SERVICES = [
    { title: T.services.ask_info, payload: "/ask_info", pic: "pic-info" },
    { title: T.services.file_complaint, payload: "/file_complaint", pic: "pic-report" },
    { title: T.services.book_facility, payload: "/book_facility", pic: "pic-book" },
    { title: T.services.request_human, payload: "/request_human", pic: "pic-officer" },
  ];
  const CODE_RE = /\b(LPR-\d{4}-\d{6}|BK-[A-HJ-NP-Z2-9]{6})\b/g; // spelled when spoken

  // timing (seconds); tests may shorten the idle time, the warning is never under 20 s
  const params = new URLSearchParams(location.search);
  const IDLE_S = Math.max(1, Number(params.get("idle_s")) || 90);
  const WARN_S = Math.max(20, Number(params.get("warn_s")) || 30);
  const POLL_MS = Math.max(500, Number(params.get("poll_ms")) || 3000);

  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const el = {
    app: document.querySelector(".app"), main: $("main"), start: $("start"),
    conversation: $("conversation"), log: $("log"), receipt: $("receipt"),
    receiptTitle: $("receipt-title"), receiptCode: $("receipt-code"),
    receiptSpelled: $("receipt-spelled"), receiptNote: $("receipt-note"),
    receiptQr: $("receipt-qr"), receiptQrCode: $("receipt-qr-code"), receiptQrNote: $("receipt-qr-note"),
    receiptActions: $("receipt-actions"), heard: $("heard"), heardTitle: $("heard-title"),
    heardText: $("heard-text"), heardYes: $("heard-yes"), heardAgain: $("heard-again"), heardEdit: $("heard-edit"),
    answer: $("answer"), answerTitle: $("answer-title"), answerHint: $("answer-hint"),
    answerBody: $("answer-body"), progress: $("progress"), progressText: $("progress-text"),
    progressBar: $("progress-bar"),
    choices: $("choices"), composer: $("composer"), input: $("text"), mic: $("mic"),
    micLabel: $("mic-label"), status: $("status"), idle: $("idle"), idleCount: $("idle-count"),
    stillHere: $("still-here"), volumeLevel: $("volume-level"),
  };

  // ---- state (all of it is wiped between users) ----
  let generation = 0;
  function fresh() {
    generation += 1;
    return {
      sessionId: null, lastUpdate: 0, lastSpoken: T.welcome, expects: null,
      slow: false, volume: 0, serverTts: true, generation: generation, pending: 0,
    };
  }
  const K = {
    el: el, s: fresh(), spoken: [], timings: [], VOLUMES: [0.55, 0.8, 1.0],
    armIdle: () => armIdle(), disarmIdle: () => disarmIdle(),
    speechText: (text) => text.replace(CODE_RE, (c) => Halo.spell(c)),
  };
  let waiting = null; // a measurement waiting for the first sound
  K.measure = (kind, t) => { waiting = Object.assign({ kind: kind }, t); };
  K.firstSound = () => {
    if (!waiting) return;
    waiting.firstSound = performance.now();
    waiting.latencyMs = Math.round(waiting.firstSound - waiting.speechEnd);
    K.timings.push(waiting);
    waiting = null;
  };
  const speech = Halo.makeSpeech(K);
  K.speak = speech.speak;
  K.stopSpeech = () => speech.stop();
  K.say = (text) => speech.speak(text, false);
  K.setStatus = (text) => { el.status.textContent = text || ""; };
  K.sayStatus = (text) => { K.setStatus(text); speech.speak(text, false); };
  K.send = (text, shown) => send(text, shown);
  K.editText = (text) => {
    showConversation();
    el.input.value = text;
    el.input.focus();
  };
  const answers = Halo.makeAnswers(K);
  const receipt = Halo.makeReceipt(K);
  const voice = Halo.makeVoice(K);
  K.extend = () => extend();
  const keys = Halo.makeKeys(K);

  let pollTimer = null;
  let idleTimer = null;
  let warnTimer = null;
  let warnLeft = 0;

  function newId() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  // ---- screens ----
  function showStart() {
    el.start.hidden = false;
    el.conversation.hidden = true;
    el.composer.hidden = true;
    el.heard.hidden = true;
    receipt.clear();
    answers.clear();
    setChoices(SERVICES, "menu");
    root.dataset.screen = "start";
  }

  function showConversation() {
    el.start.hidden = true;
    el.conversation.hidden = false;
    el.composer.hidden = false;
    root.dataset.screen = "conversation";
  }

  const SVG = "http://www.w3.org/2000/svg";
  function pictogram(id) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const use = document.createElementNS(SVG, "use");
    use.setAttribute("href", "#" + id);
    svg.appendChild(use);
    return svg;
  }

  // kind: "menu" (the start tiles), "big" (a choice the assistant asks for), "" (other buttons)
  function setChoices(buttons, kind) {
    el.choices.textContent = "";
    el.choices.className = "choices" + (kind ? " " + kind : "");
    for (const b of buttons) {
      const btn = document.createElement("button");
      btn.type = "button";
      if (b.pic) {
        btn.className = "tile";
        btn.appendChild(pictogram(b.pic));
        const label = document.createElement("span");
        label.textContent = b.title;
        btn.appendChild(label);
      } else {
        btn.textContent = b.title;
      }
      btn.dataset.payload = b.payload;
      btn.addEventListener("click", () => send(b.payload, b.title));
      el.choices.appendChild(btn);
    }
    if (kind !== "menu") Halo.fitWords(el.choices);
  }

  function bubble(text, who) {
    const p = document.createElement("p");
    p.className = "msg " + who;
    const label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "user" ? T.you : T[who] || T.bot;
    p.appendChild(label);
    p.appendChild(document.createTextNode(text)); // never innerHTML: plain text only
    el.log.appendChild(p);
    return p;
  }

  // pushed: messages polled from /updates (an officer, a status); they keep the question's input
  function render(messages, pushed) {
    const said = [];
    let buttons = null;
    let prompt = null;
    let ticket = null;
    let first = null;
    for (const m of messages) {
      const custom = m.custom || {};
      if (custom.expects || custom.progress) prompt = custom;
      if (custom.receipt && custom.receipt.code) ticket = custom.receipt;
      if (m.text) {
        const p = bubble(m.text, m.sender || "bot");
        first = first || p;
        said.push(m.text);
      }
      if (m.buttons && m.buttons.length) buttons = m.buttons;
    }
    if (!said.length && !buttons && !prompt && !ticket) return;
    if (!(pushed && !buttons && !prompt)) {
      const expects = answers.show(prompt);
      K.s.expects = expects;
      const grid = expects && ["date", "time"].includes(expects.kind); // its options are in the grid
      const big = expects && expects.kind !== "text";
      setChoices(buttons && !grid ? buttons : [], big ? "big" : "");
    }
    let text = said.join(" ");
    if (ticket) text += " " + receipt.show(ticket);
    if (first) first.scrollIntoView({ block: "start" });
    if (ticket) el.receipt.scrollIntoView({ block: "start" });
    speech.speak(text);
  }

  // ---- talking to the app ----
  async function send(text, shown) {
    text = (text || "").trim();
    if (!text) return;
    speech.stop();
    const gen = K.s.generation;
    showConversation();
    el.heard.hidden = true;
    bubble(shown || text, "user");
    setChoices([], "");
    answers.clear();
    K.setStatus(T.wait);
    K.s.pending++;
    disarmIdle();
    try {
      const messageId = newId();
      const post = () => fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: K.s.sessionId, text: text, message_id: messageId }),
      });
      let resp = await post();
      if (gen !== K.s.generation) return; // wiped meanwhile
      if (resp.status === 401 && K.s.sessionId) {
        // the server no longer knows this session (expired): start a new one
        K.s.sessionId = null;
        stopPolling();
        resp = await post();
        if (gen !== K.s.generation) return;
      }
      if (resp.status === 503) throw Object.assign(new Error("HTTP 503"), { said: (await resp.json().catch(() => ({}))).detail });
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      const data = await resp.json();
      if (gen !== K.s.generation) return;
      if (!K.s.sessionId) { K.s.sessionId = data.session_id; startPolling(); } // issued by the server
      K.setStatus("");
      render(data.messages);
      focusNext();
    } catch (err) {
      if (gen !== K.s.generation) return;
      K.setStatus("");
      const said = typeof err.said === "string" ? err.said : T.offline; // a down part's own words
      bubble(said, "system");
      speech.speak(said);
      focusNext();
    } finally {
      if (gen === K.s.generation) { K.s.pending--; armIdle(); }
    }
  }

  function focusNext() {
    // keep keyboard users in the flow: the first offered input, else the text field
    // (touch users keep their hands free: no focus jump, no on-screen keyboard popping up)
    if (keys.touchedLast()) return;
    const first = (!el.answer.hidden && el.answerBody.querySelector("button")) ||
      el.choices.querySelector("button");
    if (first) first.focus({ preventScroll: true });
    else if (!el.composer.hidden) el.input.focus({ preventScroll: true });
  }

  function startPolling() {
    stopPolling();
    const gen = K.s.generation;
    pollTimer = setInterval(async () => {
      if (!K.s.sessionId || gen !== K.s.generation) return;
      try {
        const resp = await fetch("/api/chat/" + encodeURIComponent(K.s.sessionId) +
          "/updates?after=" + K.s.lastUpdate);
        if (!resp.ok || gen !== K.s.generation) return;
        const data = await resp.json();
        if (gen !== K.s.generation) return;
        K.s.lastUpdate = Math.max(K.s.lastUpdate, data.last_id || 0);
        if (data.messages && data.messages.length) {
          showConversation();
          render(data.messages, true);
        }
      } catch (err) { /* next poll tries again */ }
    }, POLL_MS);
  }
  function stopPolling() { if (pollTimer) clearInterval(pollTimer); pollTimer = null; }

  // ---- inactivity: warn, then wipe everything ----
  function active() { return K.s.sessionId !== null || root.className.trim() !== "" || K.s.volume || K.s.slow; }
  function disarmIdle() { clearTimeout(idleTimer); idleTimer = null; }
  function armIdle() {
    disarmIdle();
    if (!el.idle.hidden || !active() || speech.speaking() || K.s.pending > 0 ||
        root.dataset.recording === "yes") return;
    idleTimer = setTimeout(warn, IDLE_S * 1000);
  }
  function warn() {
    speech.stop();
    warnLeft = WARN_S;
    el.idleCount.textContent = String(warnLeft);
    el.idle.hidden = false;
    el.app.inert = true;
    root.dataset.idle = "warning";
    el.stillHere.focus();
    speech.speak(T.idle, false);
    clearInterval(warnTimer);
    warnTimer = setInterval(() => {
      warnLeft -= 1;
      el.idleCount.textContent = String(Math.max(0, warnLeft));
      if (warnLeft <= 0) wipe();
    }, 1000);
  }
  function extend() {
    clearInterval(warnTimer);
    warnTimer = null;
    el.idle.hidden = true;
    el.app.inert = false;
    root.dataset.idle = "no";
    speech.stop();
    armIdle();
    focusNext();
  }

  function wipe() {
    clearInterval(warnTimer);
    warnTimer = null;
    disarmIdle();
    speech.stop();
    stopPolling();
    voice.wipe();
    K.s = fresh();
    K.spoken.length = 0;
    el.log.textContent = "";
    el.heardText.textContent = "";
    el.input.value = "";
    $("osk").hidden = true;
    $("osk-toggle").setAttribute("aria-expanded", "false");
    K.setStatus("");
    root.className = "";
    el.volumeLevel.textContent = "1/3";
    for (const id of ["slower", "bigger", "contrast", "low"]) $(id).setAttribute("aria-pressed", "false");
    try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* storage disabled */ }
    el.idle.hidden = true;
    el.app.inert = false;
    root.dataset.idle = "no";
    showStart();
    window.scrollTo(0, 0);
    el.main.focus({ preventScroll: true });
  }

  // ---- controls (controls.js) ----
  K.wipe = () => wipe();
  Halo.makeControls(K);

  el.composer.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = el.input.value.trim();
    if (!text) return;
    el.input.value = "";
    send(text);
  });
  el.stillHere.addEventListener("click", extend);

  window.HaloKiosk = {
    spoken: K.spoken,
    timings: K.timings,
    sessionId: () => K.s.sessionId,
    expects: () => K.s.expects,
    wipe: wipe,
    stop: () => speech.stop(),
  };

  root.dataset.idle = "no";
  root.dataset.speaking = "no";
  root.dataset.recording = "no";
  showStart();
  speech.prefetch([T.heardIntro, T.unclearTitle + " " + T.unclearHint]);
});
