// Halo Warga kiosk: voice in. Tap to talk; the recording stops by itself when the citizen
// has been quiet for a moment (or at a second tap). The app transcribes it, reading a short
// answer against what the assistant expects (its structured prompt), and the kiosk shows and
// says "Saya mendengar: ..." with Ya / Ulangi before anything is sent; an answer it could not
// read ("understood": false) is never offered for sending: "kurang jelas", Ulangi, the input.
(function () {
  "use strict";
  const Halo = window.Halo;
  const T = Halo.T;
  const MAX_RECORD_MS = 20000;
  const SILENCE_MS = 800; // quiet after speech: the citizen has finished
  const LOUD_FRAMES = 3; // frames above the threshold that count as speech (50 ms each)
  const QUIET_START = 4; // speech counts once the recording has heard 200 ms of quiet first

  Halo.makeVoice = function (K) {
    const el = K.el;
    const root = document.documentElement;
    let recorder = null;
    let stream = null;
    let timer = null;
    let vad = null;
    let heard = null; // {shown, send}

    function setMic(on) {
      el.mic.setAttribute("aria-pressed", on ? "true" : "false");
      el.micLabel.textContent = on ? T.micStop : T.micStart;
      root.dataset.recording = on ? "yes" : "no";
    }
    function release() {
      if (vad) { clearInterval(vad.timer); vad.ctx.close().catch(() => null); vad = null; }
      if (stream) stream.getTracks().forEach((t) => t.stop());
      stream = null;
    }
    function stopRecording() {
      if (recorder && recorder.state === "recording") recorder.stop();
    }

    // End of speech: quiet, loud frames, then SILENCE_MS of quiet (the noise floor sets
    // "loud"); a recording that begins in the middle of a sound waits for the next one.
    function listen(onEnd, onRestart) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      const ctx = new Ctx();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      let floor = 1;
      let loud = 0;
      let quiet = 0;
      let lastLoud = 0;
      let frames = 0;
      let beganLoud = false; // was the second frame (100 ms in) already a sound?
      vad = { ctx: ctx, timer: 0, speechEnd: 0 };
      vad.timer = setInterval(() => {
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (const x of buf) sum += x * x;
        const rms = Math.sqrt(sum / buf.length);
        floor = Math.min(floor, Math.max(rms, 0.001));
        const now = performance.now();
        const isLoud = rms > Math.max(0.02, floor * 4);
        if (++frames === 2) beganLoud = isLoud;
        if (isLoud) {
          loud += 1;
          if (loud >= LOUD_FRAMES && quiet >= QUIET_START) lastLoud = now;
        } else {
          loud = 0;
          quiet += 1;
          if (beganLoud && quiet === QUIET_START) onRestart();
        }
        if (lastLoud && now - lastLoud > SILENCE_MS) { vad.speechEnd = lastLoud; onEnd(); }
      }, 50);
    }

    // A recorder on the open stream. restart: the recording began in the middle of a sound
    // (the kiosk's own voice fading, another loop of a test's file): begin again at the quiet.
    let restart = false;
    function record(gen) {
      const chunks = [];
      const types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];
      const mimeType = types.find((t) => MediaRecorder.isTypeSupported(t)) || "";
      const rec = mimeType ? new MediaRecorder(stream, { mimeType }) : new MediaRecorder(stream);
      recorder = rec;
      rec.addEventListener("dataavailable", (e) => { if (e.data && e.data.size) chunks.push(e.data); });
      rec.addEventListener("stop", () => {
        if (restart && stream && gen === K.s.generation) { restart = false; record(gen); return; }
        const timing = { speechEnd: vad && vad.speechEnd ? vad.speechEnd : performance.now() };
        clearTimeout(timer);
        release();
        setMic(false);
        recorder = null;
        if (gen !== K.s.generation) return;
        transcribe(new Blob(chunks, { type: rec.mimeType || "audio/webm" }), gen, timing);
      });
      rec.start();
    }

    async function toggle() {
      if (recorder && recorder.state === "recording") { stopRecording(); return; }
      K.stopSpeech();
      el.heard.hidden = true;
      if (!navigator.mediaDevices || !window.MediaRecorder) { K.sayStatus(T.noMic); return; }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch (err) { K.sayStatus(T.noMic); return; }
      record(K.s.generation);
      setMic(true);
      K.disarmIdle();
      K.setStatus(T.listening);
      listen(stopRecording, () => { restart = true; stopRecording(); });
      timer = setTimeout(stopRecording, MAX_RECORD_MS);
    }

    // The question's expects as the assistant sent it (the app reads a short answer against
    // it: a NIK's digits, a date among the offered ones); a question that welcomes own words,
    // or a choice without buttons, is sent as text (the whole sentence is the answer).
    function expectsFor(expects) {
      if (!expects) return null;
      const options = expects.options || [];
      if (expects.free || (expects.kind === "choice" && !options.length)) {
        return JSON.stringify({ kind: "text" });
      }
      return JSON.stringify(expects);
    }

    // understood: "Saya mendengar: ..." with Ya / Ulangi. Not understood (a short answer the
    // app could not read against the question): a polite "kurang jelas", Ulangi, and the
    // question's own large input below; nothing heard is offered for sending.
    function showHeard(understood) {
      el.heard.dataset.state = understood ? "heard" : "unclear";
      el.heardTitle.textContent = understood ? T.heardIntro : T.unclearTitle;
      el.heardYes.hidden = !understood;
      el.heardEdit.hidden = !understood;
      // a screen reader says why when the focus lands on Ulangi
      if (understood) el.heardAgain.removeAttribute("aria-describedby");
      else el.heardAgain.setAttribute("aria-describedby", "heard-title heard-text");
      el.heard.hidden = false;
      el.heard.scrollIntoView({ block: "center" });
    }
    function showUnclear() {
      heard = null;
      showHeard(false);
      el.heardText.textContent = T.unclearHint;
      el.heardAgain.focus({ preventScroll: true });
      K.speak(T.unclearTitle + " " + T.unclearHint, false);
    }

    async function transcribe(blob, gen, timing) {
      K.setStatus(T.transcribing);
      const form = new FormData();
      form.append("audio", blob, "ucapan." + (blob.type.includes("ogg") ? "ogg" : "webm"));
      const expects = expectsFor(K.s.expects);
      if (expects) form.append("expects", expects);
      K.s.pending++;
      try {
        const resp = await fetch("/api/voice/transcribe", { method: "POST", body: form });
        if (gen !== K.s.generation) return;
        if (!resp.ok) {
          let msg = T.noVoice;
          if (resp.status === 413 || resp.status === 422) {
            try {
              const body = await resp.json();
              if (body.detail && body.detail.message) msg = body.detail.message;
            } catch (e) { /* keep the general message */ }
          }
          K.sayStatus(msg);
          return;
        }
        const data = await resp.json();
        const text = (data.text || "").trim();
        if (!text) { K.sayStatus(T.notHeard); return; }
        K.setStatus("");
        timing.transcribed = performance.now();
        K.measure("heard", timing);
        if (data.reading && !data.reading.understood) { showUnclear(); return; }
        const reading = data.reading || null;
        heard = {
          shown: (reading && reading.display) || text,
          send: (reading && reading.payload) || text,
        };
        showHeard(true);
        el.heardText.textContent = "“" + heard.shown + "”";
        el.heardYes.focus({ preventScroll: true });
        K.speak(T.heard(heard.shown), false);
      } catch (err) {
        if (gen === K.s.generation) K.sayStatus(T.noVoice);
      } finally {
        if (gen === K.s.generation) { K.s.pending--; K.armIdle(); }
      }
    }

    el.mic.addEventListener("click", toggle);
    el.heardYes.addEventListener("click", () => {
      const h = heard;
      heard = null;
      if (!h) return;
      K.measure("reply", { speechEnd: performance.now() });
      K.send(h.send, h.shown);
    });
    el.heardAgain.addEventListener("click", () => { el.heard.hidden = true; toggle(); });
    el.heardEdit.addEventListener("click", () => {
      K.editText(heard ? heard.shown : "");
      el.heard.hidden = true;
    });

    return {
      toggle: toggle,
      heardText: () => (heard ? heard.shown : ""),
      wipe: () => {
        if (recorder && recorder.state === "recording") { try { recorder.stop(); } catch (e) { /* gone */ } }
        recorder = null;
        release();
        setMic(false);
        heard = null;
      },
    };
  };
})();
