// Halo Warga kiosk: touch and keys. The on-screen keyboard (a touch screen without a
// keyboard can still type names), speech that stops as soon as the citizen acts, a keypad's
// arrow keys moving like Tab, and controls that say their name when reached by keyboard.
(function () {
  "use strict";
  const Halo = window.Halo;

  Halo.makeKeys = function (K) {
    const el = K.el;
    const W = Halo.T.keyboard;
    const $ = (id) => document.getElementById(id);
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
      const put = (ch) => { el.input.value += ch; K.say(ch === " " ? W.spaceSaid : ch); };
      for (const row of OSK_ROWS) for (const ch of row) key(ch, null, () => put(ch.toLowerCase()));
      key(W.space, null, () => put(" "), "wider");
      key(W.erase, W.eraseLabel, () => { el.input.value = el.input.value.slice(0, -1); K.say(W.eraseSaid); }, "wide");
      key(W.send, W.sendLabel, () => el.composer.requestSubmit(), "wide primary");
    }
    buildKeyboard();
    $("osk-toggle").addEventListener("click", () => {
      const open = $("osk").hidden;
      $("osk").hidden = !open;
      $("osk-toggle").setAttribute("aria-expanded", open ? "true" : "false");
      if (open) $("osk").scrollIntoView({ block: "nearest" });
    });

    // Speech stops as soon as the user acts (EN 301 549 5.1.3.5); any action restarts the clock.
    let lastPointer = 0;
    let lastKey = 0;
    let lastNavKey = 0;
    function userActed(ev) {
      if (ev.type === "pointerdown") lastPointer = Date.now();
      if (ev.type === "keydown" && (ev.key === "Shift" || ev.key === "Control" || ev.key === "Alt")) return;
      K.stopSpeech();
      if (el.idle.hidden) K.armIdle();
    }
    document.addEventListener("pointerdown", userActed, true);
    document.addEventListener("keydown", userActed, true);
    document.addEventListener("keydown", (ev) => {
      lastKey = Date.now();
      if (ev.key === "Tab" || ev.key.startsWith("Arrow")) lastNavKey = lastKey;
      if (ev.key === "Escape" && !el.idle.hidden) { ev.preventDefault(); K.extend(); }
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
        name = t.getAttribute("aria-label") || t.textContent.replace(/\s+/g, " ").trim();
        if (t.getAttribute("aria-pressed") === "true") name += ", " + W.pressed;
        if (t.getAttribute("aria-pressed") === "false") name += ", " + W.notPressed;
      } else if (t.tagName === "INPUT" && t.labels && t.labels[0]) {
        name = t.labels[0].textContent.trim() + " " + (t.value || "");
      }
      if (name) K.say(name);
    });

    return { touchedLast: () => lastPointer > lastKey };
  };
})();
