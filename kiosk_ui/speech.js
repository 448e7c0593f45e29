// Halo Warga kiosk: speech out. The app's voice (/api/voice/speak) when it answers, else the
// browser's. Long text is asked for in two parts (the first sentence, the rest) fetched
// together and played one after the other, so the first words sound sooner; fixed prompts
// are fetched once at start and played from memory.
(function () {
  "use strict";
  const Halo = window.Halo;

  Halo.makeSpeech = function (K) {
    const root = document.documentElement;
    const kept = new Map(); // pre-synthesised fixed prompts: key -> Blob
    let ticket = 0;
    let audio = null;
    let speaking = false;
    let format = null;

    function pickFormat() {
      if (format) return format;
      const probe = document.createElement("audio");
      if (probe.canPlayType("audio/mpeg")) format = "mp3";
      else if (probe.canPlayType('audio/ogg; codecs="opus"') || probe.canPlayType("audio/ogg")) format = "ogg";
      else format = "wav";
      return format;
    }
    const rate = () => (K.s.slow ? "slow" : "normal");
    const keyOf = (text, r) => r + "|" + text;

    async function fetchAudio(text, r) {
      const hit = kept.get(keyOf(text, r));
      if (hit) return hit;
      const resp = await fetch("/api/voice/speak", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text, rate: r, format: pickFormat() }),
      });
      if (resp.status === 404 || resp.status === 405) K.s.serverTts = false;
      if (!resp.ok) throw new Error("speak HTTP " + resp.status);
      return resp.blob();
    }

    // Fixed prompts the kiosk says often: synthesised once, played at once.
    async function prefetch(texts) {
      for (const text of texts) {
        for (const r of ["normal", "slow"]) {
          try { kept.set(keyOf(text, r), await fetchAudio(text, r)); } catch (e) { return; }
        }
      }
    }

    // The first sentence alone (when the text is long), then the rest; a kept prefix alone.
    function parts(said) {
      for (const k of kept.keys()) {
        const text = k.slice(k.indexOf("|") + 1);
        if (said.startsWith(text + " ") && said.length > text.length + 1) {
          return [text, said.slice(text.length + 1)];
        }
      }
      if (said.length < 90) return [said];
      const m = said.slice(30).match(/[.!?:]\s/);
      if (!m) return [said];
      const cut = 30 + m.index + 1;
      return [said.slice(0, cut), said.slice(cut + 1)];
    }

    function stop() {
      ticket += 1;
      if (audio) { audio.pause(); audio.src = ""; audio = null; }
      if (window.speechSynthesis) window.speechSynthesis.cancel();
      if (speaking) { speaking = false; root.dataset.speaking = "no"; K.armIdle(); }
    }

    function ended() {
      speaking = false;
      root.dataset.speaking = "no";
      audio = null;
      K.armIdle();
    }

    async function play(blobs, mine) {
      for (let i = 0; i < blobs.length; i++) {
        let blob;
        try { blob = await blobs[i]; } catch (err) { break; } // the rest could not be made
        if (mine !== ticket) return;
        const a = new Audio(URL.createObjectURL(blob));
        a.volume = K.VOLUMES[K.s.volume];
        audio = a;
        const done = new Promise((resolve) => {
          a.addEventListener("ended", resolve);
          a.addEventListener("error", resolve);
          a.addEventListener("pause", resolve); // stopped by the user
        });
        if (i === 0) a.addEventListener("playing", () => K.firstSound(), { once: true });
        await a.play();
        await done;
      }
      if (mine === ticket) ended();
    }

    async function speak(text, remember) {
      if (!text) return;
      stop();
      if (remember !== false) K.s.lastSpoken = text;
      const said = K.speechText(text);
      const mine = ++ticket;
      speaking = true;
      root.dataset.speaking = "yes";
      K.disarmIdle();
      const r = rate();
      if (K.s.serverTts) {
        const blobs = parts(said).map((p) => fetchAudio(p, r));
        blobs.forEach((b) => b.catch(() => null)); // the first failure decides below
        try {
          await blobs[0];
          if (mine !== ticket) return;
          K.spoken.push({ text: said, via: "server", volume: K.VOLUMES[K.s.volume], rate: r });
          await play(blobs, mine);
          return;
        } catch (err) {
          if (mine !== ticket) return;
          audio = null;
        }
      }
      inBrowser(said, mine, r);
    }

    function inBrowser(said, mine, r) {
      const synth = window.speechSynthesis;
      K.spoken.push({ text: said, via: "browser", volume: K.VOLUMES[K.s.volume], rate: r });
      if (!synth) { ended(); return; }
      const u = new SpeechSynthesisUtterance(said);
      u.lang = "id-ID";
      const voice = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith("id"));
      if (voice) u.voice = voice;
      u.rate = r === "slow" ? 0.7 : 1;
      u.volume = K.VOLUMES[K.s.volume];
      u.onstart = () => K.firstSound();
      u.onend = () => { if (mine === ticket) ended(); };
      u.onerror = u.onend;
      synth.speak(u);
      // some systems have no voice at all and never end: do not hold the idle timer forever
      setTimeout(() => { if (mine === ticket && speaking) ended(); }, 1000 + said.length * 120);
    }

    return { speak: speak, stop: stop, prefetch: prefetch, speaking: () => speaking };
  };
})();
