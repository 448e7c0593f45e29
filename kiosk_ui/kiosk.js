// Halo Warga kiosk: large text, touch, keyboard and voice. Vanilla JS, no dependencies.
// Talks only to the app: /api/chat (+ /updates), /api/voice/speak, /api/voice/transcribe.
(function () {
  "use strict";

  // ---- text shown or spoken by the kiosk itself (the assistant's words come from Rasa) ----
  const T = {
    welcome: "Selamat datang di Halo Warga. Apa yang ingin Anda lakukan? Sentuh salah satu " +
      "tombol: Tanya informasi, Lapor masalah, Pesan fasilitas, atau Bicara dengan petugas. " +
      "Atau tekan tombol mikrofon lalu bicara.",
    you: "Anda:",
    bot: "Asisten:",
    agent: "Petugas:",
    system: "Info:",
    wait: "Mohon tunggu sebentar…",
    offline: "Maaf, koneksi terputus. Silakan coba lagi.",
    micStart: "Tekan lalu bicara",
    micStop: "Selesai bicara",
    listening: "Silakan bicara sekarang. Tekan tombol lagi bila sudah selesai.",
    transcribing: "Sedang mendengarkan rekaman Anda…",
    heard: (t) => "Saya mendengar: " + t + ". Jika benar, tekan Ya, benar.",
    notHeard: "Maaf, suara Anda belum terdengar. Silakan tekan tombol mikrofon dan coba lagi.",
    noMic: "Maaf, mikrofon tidak bisa dipakai. Silakan sentuh tombol atau ketik pesan Anda.",
    noVoice: "Maaf, layanan suara sedang tidak tersedia. Silakan sentuh tombol atau ketik pesan Anda.",
    idle: "Apakah Anda masih di sini? Sentuh tombol Saya masih di sini jika Anda masih ingin melanjutkan.",
    louder: ["Suara pelan.", "Suara lebih keras.", "Suara paling keras."],
    receiptComplaint: "Nomor laporan Anda",
    receiptBooking: "Kode pemesanan Anda",
    noteComplaint: "Simpan nomor ini untuk mengecek status laporan Anda. Tekan Cetak untuk mencetaknya.",
    noteBooking: "Tunjukkan kode ini kepada petugas fasilitas. Tekan Cetak untuk mencetaknya.",
    spellIntro: "Sekali lagi, nomornya:",
  };
  const CHOICES = [
    { title: "Tanya informasi", payload: "/ask_info" },
    { title: "Lapor masalah", payload: "/file_complaint" },
    { title: "Pesan fasilitas", payload: "/book_facility" },
    { title: "Bicara dengan petugas", payload: "/request_human" },
  ];
  const VOLUMES = [0.55, 0.8, 1.0]; // the first is the default, reset after each user
  const TICKET_RE = /\bLPR-\d{4}-\d{6}\b/;
  const BOOKING_RE = /\bBK-[A-HJ-NP-Z2-9]{6}\b/;

  // timing (seconds); tests may shorten the idle time, the warning is never under 20 s
  const params = new URLSearchParams(location.search);
  const IDLE_S = Math.max(1, Number(params.get("idle_s")) || 90);
  const WARN_S = Math.max(20, Number(params.get("warn_s")) || 30);
  const POLL_MS = Math.max(500, Number(params.get("poll_ms")) || 3000);
  const MAX_RECORD_MS = 20000;

  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const el = {
    app: document.querySelector(".app"), main: $("main"), start: $("start"),
    conversation: $("conversation"), log: $("log"), receipt: $("receipt"),
    receiptTitle: $("receipt-title"), receiptCode: $("receipt-code"),
    receiptSpelled: $("receipt-spelled"), receiptNote: $("receipt-note"),
    receiptActions: $("receipt-actions"), heard: $("heard"), heardText: $("heard-text"),
    choices: $("choices"), composer: $("composer"), input: $("text"), mic: $("mic"),
    micLabel: $("mic-label"), status: $("status"), idle: $("idle"), idleCount: $("idle-count"),
    stillHere: $("still-here"), volumeLevel: $("volume-level"),
  };

  // ---- state (all of it is wiped between users) ----
  let generation = 0;
  let speechTicket = 0;
  let s = fresh();
  function fresh() {
    generation += 1;
    return {
      sessionId: null, lastUpdate: 0, lastSpoken: T.welcome, lastBotText: "",
      slow: false, volume: 0, serverTts: true, heard: "", generation: generation, pending: 0,
    };
  }
  const spoken = []; // test hook: what was said and how
  let audio = null;
  let utterance = null;
  let speaking = false;
  let recorder = null;
  let micStream = null;
  let recordTimer = null;
  let pollTimer = null;
  let idleTimer = null;
  let warnTimer = null;
  let warnLeft = 0;

  function newSessionId() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  // ---- speech out ----
  function speechText(text) {
    // read codes character by character so they can be written down
    return text.replace(/\b(LPR-\d{4}-\d{6}|BK-[A-HJ-NP-Z2-9]{6})\b/g, (c) => spell(c));
  }
  function spell(code) {
    return code.split("-").map((part) => part.split("").join(" ")).join(", strip, ");
  }

  function stopSpeech() {
    speechTicket += 1;
    if (audio) { audio.pause(); audio.src = ""; audio = null; }
    if (window.speechSynthesis) window.speechSynthesis.cancel();
    utterance = null;
    if (speaking) { speaking = false; root.dataset.speaking = "no"; armIdle(); }
  }

  async function speak(text, remember) {
    if (!text) return;
    stopSpeech();
    if (remember !== false) s.lastSpoken = text;
    const said = speechText(text);
    const ticket = ++speechTicket;
    speaking = true;
    root.dataset.speaking = "yes";
    disarmIdle();
    if (s.serverTts) {
      try {
        const fmt = pickFormat();
        const resp = await fetch("/api/voice/speak", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ text: said, rate: s.slow ? "slow" : "normal", format: fmt }),
        });
        if (resp.status === 404 || resp.status === 405) s.serverTts = false;
        if (!resp.ok) throw new Error("speak HTTP " + resp.status);
        const blob = await resp.blob();
        if (ticket !== speechTicket) return; // the user acted meanwhile
        const a = new Audio(URL.createObjectURL(blob));
        a.volume = VOLUMES[s.volume];
        audio = a;
        a.addEventListener("ended", () => { if (audio === a) speechEnded(); });
        await a.play();
        spoken.push({ text: said, via: "server", volume: a.volume, rate: s.slow ? "slow" : "normal" });
        return;
      } catch (err) {
        if (ticket !== speechTicket) return;
        audio = null;
      }
    }
    speakInBrowser(said, ticket);
  }

  function pickFormat() {
    const probe = document.createElement("audio");
    if (probe.canPlayType("audio/mpeg")) return "mp3";
    if (probe.canPlayType('audio/ogg; codecs="opus"') || probe.canPlayType("audio/ogg")) return "ogg";
    return "wav";
  }

  function speakInBrowser(said, ticket) {
    const synth = window.speechSynthesis;
    spoken.push({ text: said, via: "browser", volume: VOLUMES[s.volume], rate: s.slow ? "slow" : "normal" });
    if (!synth) { speechEnded(); return; }
    const u = new SpeechSynthesisUtterance(said);
    u.lang = "id-ID";
    const voice = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith("id"));
    if (voice) u.voice = voice;
    u.rate = s.slow ? 0.7 : 1;
    u.volume = VOLUMES[s.volume];
    u.onend = () => { if (ticket === speechTicket) speechEnded(); };
    u.onerror = u.onend;
    utterance = u;
    synth.speak(u);
    // some systems have no voice at all and never end: do not hold the idle timer forever
    setTimeout(() => { if (ticket === speechTicket && speaking) speechEnded(); },
      1000 + said.length * 120);
  }

  function speechEnded() {
    speaking = false;
    root.dataset.speaking = "no";
    audio = null;
    armIdle();
  }

  // ---- screens ----
  function showStart() {
    el.start.hidden = false;
    el.conversation.hidden = true;
    el.composer.hidden = true;
    el.receipt.hidden = true;
    el.receiptActions.hidden = true;
    el.heard.hidden = true;
    setChoices(CHOICES, true);
    root.dataset.screen = "start";
  }

  function showConversation() {
    el.start.hidden = true;
    el.conversation.hidden = false;
    el.composer.hidden = false;
    root.dataset.screen = "conversation";
  }

  function setChoices(buttons, isMenu) {
    el.choices.textContent = "";
    el.choices.classList.toggle("menu", !!isMenu);
    for (const b of buttons) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.title;
      btn.dataset.payload = b.payload;
      btn.addEventListener("click", () => send(b.payload, b.title));
      el.choices.appendChild(btn);
    }
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

  function setStatus(text) { el.status.textContent = text || ""; }

  function render(messages) {
    const said = [];
    let buttons = null;
    let first = null;
    for (const m of messages) {
      if (!m.text && !(m.buttons && m.buttons.length)) continue;
      if (m.text) {
        const p = bubble(m.text, m.sender || "bot");
        first = first || p;
        said.push(m.text);
        s.lastBotText = m.text;
        showReceiptIfAny(m.text);
      }
      if (m.buttons && m.buttons.length) buttons = m.buttons;
    }
    if (buttons) setChoices(buttons, false);
    if (!said.length) return;
    if (first) first.scrollIntoView({ block: "start" });
    let text = said.join(" ");
    if (!el.receipt.hidden && el.receipt.dataset.fresh === "yes") {
      text += " " + T.spellIntro + " " + el.receiptCode.textContent + ".";
      el.receipt.dataset.fresh = "no";
    }
    speak(text);
  }

  function showReceiptIfAny(text) {
    const ticket = text.match(TICKET_RE);
    const booking = text.match(BOOKING_RE);
    const code = ticket ? ticket[0] : booking ? booking[0] : null;
    if (!code) return;
    el.receiptTitle.textContent = ticket ? T.receiptComplaint : T.receiptBooking;
    el.receiptCode.textContent = code;
    el.receiptSpelled.textContent = spell(code);
    el.receiptNote.textContent = ticket ? T.noteComplaint : T.noteBooking;
    el.receipt.hidden = false;
    el.receipt.dataset.fresh = "yes";
    el.receipt.dataset.kind = ticket ? "complaint" : "booking";
    el.receiptActions.hidden = false;
  }

  // ---- talking to the app ----
  async function send(text, shown) {
    text = (text || "").trim();
    if (!text) return;
    stopSpeech();
    const gen = s.generation;
    showConversation();
    el.heard.hidden = true;
    bubble(shown || text, "user");
    setChoices([], false);
    setStatus(T.wait);
    s.pending++;
    disarmIdle();
    try {
      const messageId = newSessionId();
      const post = () => fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: s.sessionId, text: text, message_id: messageId }),
      });
      let resp = await post();
      if (gen !== s.generation) return; // wiped meanwhile
      if (resp.status === 401 && s.sessionId) {
        // the server no longer knows this session (expired): start a new one
        s.sessionId = null;
        stopPolling();
        resp = await post();
        if (gen !== s.generation) return;
      }
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      const data = await resp.json();
      if (gen !== s.generation) return;
      if (!s.sessionId) { s.sessionId = data.session_id; startPolling(); } // issued by the server
      setStatus("");
      render(data.messages);
      focusNext();
    } catch (err) {
      if (gen !== s.generation) return;
      setStatus("");
      bubble(T.offline, "system");
      speak(T.offline);
      focusNext();
    } finally {
      if (gen === s.generation) { s.pending--; armIdle(); }
    }
  }

  function focusNext() {
    // keep keyboard users in the flow: the first offered choice, else the text field
    // (touch users keep their hands free: no focus jump, no on-screen keyboard popping up)
    if (lastPointer > lastKey) return;
    const first = el.choices.querySelector("button");
    if (first) first.focus({ preventScroll: true });
    else if (!el.composer.hidden) el.input.focus({ preventScroll: true });
  }

  function startPolling() {
    stopPolling();
    const gen = s.generation;
    pollTimer = setInterval(async () => {
      if (!s.sessionId || gen !== s.generation) return;
      try {
        const resp = await fetch("/api/chat/" + encodeURIComponent(s.sessionId) +
          "/updates?after=" + s.lastUpdate);
        if (!resp.ok || gen !== s.generation) return;
        const data = await resp.json();
        if (gen !== s.generation) return;
        s.lastUpdate = Math.max(s.lastUpdate, data.last_id || 0);
        if (data.messages && data.messages.length) {
          showConversation();
          render(data.messages);
        }
      } catch (err) { /* next poll tries again */ }
    }, POLL_MS);
  }
  function stopPolling() { if (pollTimer) clearInterval(pollTimer); pollTimer = null; }

  // ---- voice in: tap to talk ----
  function expectFor(text) {
    const t = (text || "").toLowerCase();
    if (/\bnik\b/.test(t)) return "nik";
    if (/nomor (telepon|hp|handphone|whatsapp)|no\.? ?hp/.test(t)) return "phone";
    if (/kode (pemesanan|booking)|nomor laporan/.test(t)) return "code";
    if (/\btanggal\b|\bhari apa\b/.test(t)) return "date";
    if (/\bjam berapa\b|\bpukul\b/.test(t)) return "time";
    return null;
  }

  async function toggleMic() {
    if (recorder && recorder.state === "recording") { recorder.stop(); return; }
    stopSpeech();
    el.heard.hidden = true;
    if (!navigator.mediaDevices || !window.MediaRecorder) { sayStatus(T.noMic); return; }
    try {
      micStream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) { sayStatus(T.noMic); return; }
    const gen = s.generation;
    const chunks = [];
    const types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];
    const mimeType = types.find((t) => MediaRecorder.isTypeSupported(t)) || "";
    recorder = mimeType ? new MediaRecorder(micStream, { mimeType }) : new MediaRecorder(micStream);
    recorder.addEventListener("dataavailable", (e) => { if (e.data && e.data.size) chunks.push(e.data); });
    recorder.addEventListener("stop", () => {
      clearTimeout(recordTimer);
      releaseMic();
      setMic(false);
      if (gen !== s.generation) return;
      const blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
      recorder = null;
      transcribe(blob, gen);
    });
    recorder.start();
    setMic(true);
    disarmIdle();
    setStatus(T.listening);
    recordTimer = setTimeout(() => { if (recorder && recorder.state === "recording") recorder.stop(); },
      MAX_RECORD_MS);
  }

  function setMic(on) {
    el.mic.setAttribute("aria-pressed", on ? "true" : "false");
    el.micLabel.textContent = on ? T.micStop : T.micStart;
    root.dataset.recording = on ? "yes" : "no";
  }
  function releaseMic() {
    if (micStream) micStream.getTracks().forEach((t) => t.stop());
    micStream = null;
  }
  function sayStatus(text) { setStatus(text); speak(text, false); }

  async function transcribe(blob, gen) {
    setStatus(T.transcribing);
    const form = new FormData();
    const ext = blob.type.includes("ogg") ? "ogg" : "webm";
    form.append("audio", blob, "ucapan." + ext);
    const expect = expectFor(s.lastBotText);
    if (expect) form.append("expect", expect);
    s.pending++;
    try {
      const resp = await fetch("/api/voice/transcribe", { method: "POST", body: form });
      if (gen !== s.generation) return;
      if (!resp.ok) {
        let msg = T.noVoice;
        if (resp.status === 413 || resp.status === 422) {
          try {
            const body = await resp.json();
            if (body.detail && body.detail.message) msg = body.detail.message;
          } catch (e) { /* keep the general message */ }
        }
        sayStatus(msg);
        return;
      }
      const data = await resp.json();
      const text = (data.text || "").trim();
      if (!text) { sayStatus(T.notHeard); return; }
      setStatus("");
      s.heard = text;
      el.heardText.textContent = "“" + text + "”";
      el.heard.hidden = false;
      $("heard-yes").focus({ preventScroll: true });
      el.heard.scrollIntoView({ block: "center" });
      speak(T.heard(text), false);
    } catch (err) {
      if (gen === s.generation) sayStatus(T.noVoice);
    } finally {
      if (gen === s.generation) { s.pending--; armIdle(); }
    }
  }

  // ---- inactivity: warn, then wipe everything ----
  function active() { return s.sessionId !== null || root.className.trim() !== "" || s.volume || s.slow; }
  function disarmIdle() { clearTimeout(idleTimer); idleTimer = null; }
  function armIdle() {
    disarmIdle();
    if (!el.idle.hidden || !active() || speaking || s.pending > 0 || root.dataset.recording === "yes") return;
    idleTimer = setTimeout(warn, IDLE_S * 1000);
  }
  function warn() {
    stopSpeech();
    warnLeft = WARN_S;
    el.idleCount.textContent = String(warnLeft);
    el.idle.hidden = false;
    el.app.inert = true;
    root.dataset.idle = "warning";
    el.stillHere.focus();
    speak(T.idle, false);
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
    stopSpeech();
    armIdle();
    focusNext();
  }

  function wipe() {
    clearInterval(warnTimer);
    warnTimer = null;
    disarmIdle();
    stopSpeech();
    stopPolling();
    if (recorder && recorder.state === "recording") { try { recorder.stop(); } catch (e) { /* gone */ } }
    recorder = null;
    releaseMic();
    setMic(false);
    s = fresh();
    spoken.length = 0;
    el.log.textContent = "";
    el.heardText.textContent = "";
    el.receiptCode.textContent = "";
    el.receiptSpelled.textContent = "";
    el.input.value = "";
    $("osk").hidden = true;
    $("osk-toggle").setAttribute("aria-expanded", "false");
    setStatus("");
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

  // ---- controls ----
  function keepInView() {
    // after the text size changes, show what the user was reading
    const msgs = el.log.querySelectorAll(".msg.bot, .msg.agent, .msg.system");
    const target = !el.heard.hidden ? el.heard : !el.receipt.hidden ? el.receipt
      : msgs.length ? msgs[msgs.length - 1] : el.start;
    target.scrollIntoView({ block: "start", behavior: "instant" });
  }

  function toggle(id, cls) {
    const on = !root.classList.contains(cls);
    root.classList.toggle(cls, on);
    $(id).setAttribute("aria-pressed", on ? "true" : "false");
    armIdle();
    return on;
  }

  $("repeat").addEventListener("click", () => speak(s.lastSpoken));
  $("stop").addEventListener("click", () => stopSpeech());
  $("slower").addEventListener("click", () => {
    s.slow = !s.slow;
    $("slower").setAttribute("aria-pressed", s.slow ? "true" : "false");
    speak(s.lastSpoken);
  });
  $("louder").addEventListener("click", () => {
    s.volume = (s.volume + 1) % VOLUMES.length;
    el.volumeLevel.textContent = s.volume + 1 + "/" + VOLUMES.length;
    speak(T.louder[s.volume] + " " + s.lastSpoken, false);
  });
  $("bigger").addEventListener("click", () => { toggle("bigger", "big"); keepInView(); });
  $("contrast").addEventListener("click", () => toggle("contrast", "contrast"));
  $("low").addEventListener("click", () => {
    toggle("low", "low");
    $("low").scrollIntoView({ block: "end" });
  });
  $("home").addEventListener("click", () => wipe());
  $("print").addEventListener("click", () => window.print());
  $("receipt-read").addEventListener("click", () =>
    speak(el.receiptTitle.textContent + ": " + el.receiptCode.textContent + "."));
  el.mic.addEventListener("click", toggleMic);
  $("heard-yes").addEventListener("click", () => { const t = s.heard; s.heard = ""; send(t); });
  $("heard-again").addEventListener("click", () => { el.heard.hidden = true; toggleMic(); });
  $("heard-edit").addEventListener("click", () => {
    showConversation();
    el.input.value = s.heard;
    el.heard.hidden = true;
    el.input.focus();
  });
  // On-screen keyboard: a touch screen without a keyboard can still type names and numbers.
  const OSK_ROWS = ["1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM.,@"];
  function buildKeyboard() {
    const osk = $("osk");
    const key = (label, title, fn, cls) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      if (title) b.setAttribute("aria-label", title);
      if (cls) b.className = cls;
      b.addEventListener("click", fn);
      osk.appendChild(b);
    };
    const put = (ch) => { el.input.value += ch; speak(ch === " " ? "spasi" : ch, false); };
    for (const row of OSK_ROWS) for (const ch of row) key(ch, null, () => put(ch.toLowerCase()));
    key("Spasi", null, () => put(" "), "wider");
    key("Hapus", "Hapus satu huruf", () => { el.input.value = el.input.value.slice(0, -1); speak("hapus", false); }, "wide");
    key("Kirim", "Kirim pesan", () => el.composer.requestSubmit(), "wide primary");
  }
  buildKeyboard();
  $("osk-toggle").addEventListener("click", () => {
    const open = $("osk").hidden;
    $("osk").hidden = !open;
    $("osk-toggle").setAttribute("aria-expanded", open ? "true" : "false");
    if (open) $("osk").scrollIntoView({ block: "nearest" });
  });

  el.composer.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = el.input.value.trim();
    if (!text) return;
    el.input.value = "";
    send(text);
  });
  el.stillHere.addEventListener("click", extend);

  // Speech stops as soon as the user acts (EN 301 549 5.1.3.5); any action restarts the clock.
  let lastPointer = 0;
  let lastKey = 0;
  let lastNavKey = 0;
  function userActed(ev) {
    if (ev.type === "pointerdown") lastPointer = Date.now();
    if (ev.type === "keydown" && (ev.key === "Shift" || ev.key === "Control" || ev.key === "Alt")) return;
    stopSpeech();
    if (el.idle.hidden) armIdle();
  }
  document.addEventListener("pointerdown", userActed, true);
  document.addEventListener("keydown", userActed, true);
  document.addEventListener("keydown", (ev) => {
    lastKey = Date.now();
    if (ev.key === "Tab" || ev.key.startsWith("Arrow")) lastNavKey = lastKey;
    if (ev.key === "Escape" && !el.idle.hidden) { ev.preventDefault(); extend(); }
    keypadMove(ev);
  });
  // A keypad with arrow keys works like Tab / Shift+Tab (not inside the text field).
  function keypadMove(ev) {
    const keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    const step = keys[ev.key];
    if (!step || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (document.activeElement && document.activeElement.tagName === "INPUT") return;
    const scope = el.idle.hidden ? el.app : el.idle;
    const all = [...scope.querySelectorAll("button, input")].filter(
      (e) => !e.disabled && e.offsetParent !== null);
    if (!all.length) return;
    ev.preventDefault();
    const i = all.indexOf(document.activeElement);
    const next = i < 0 ? (step > 0 ? 0 : all.length - 1) : (i + step + all.length) % all.length;
    all[next].focus();
  }
  // Without a screen reader the kiosk still speaks: a control reached by keyboard or keypad
  // says its name (EN 301 549 5.1.3, closed functionality). Focus moved by the kiosk is silent.
  document.addEventListener("focusin", (ev) => {
    if (Date.now() - lastNavKey > 400) return;
    lastNavKey = 0;
    const t = ev.target;
    if (!(t instanceof HTMLElement)) return;
    let name = "";
    if (t.tagName === "BUTTON") {
      name = t.textContent.replace(/\s+/g, " ").trim();
      if (t.getAttribute("aria-pressed") === "true") name += ", aktif";
      if (t.getAttribute("aria-pressed") === "false") name += ", tidak aktif";
    } else if (t.tagName === "INPUT" && t.labels && t.labels[0]) {
      name = t.labels[0].textContent.trim() + " " + (t.value || "");
    }
    if (name) speak(name, false);
  });

  window.HaloKiosk = {
    spoken: spoken,
    sessionId: () => s.sessionId,
    wipe: wipe,
    stop: stopSpeech,
  };

  root.dataset.idle = "no";
  root.dataset.speaking = "no";
  root.dataset.recording = "no";
  showStart();
})();
