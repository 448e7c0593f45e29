// Halo Warga kiosk: the controls bar. Repeat, stop, slower, louder, larger text, contrast,
// "Layar rendah" (every control in the lower part of the screen), home, print and reading the
// receipt aloud; a toggle tells its state through aria-pressed. kiosk.js wires it in.
(function () {
  "use strict";
  const Halo = window.Halo;

  Halo.makeControls = function (K) {
    const el = K.el;
    const T = Halo.T;
    const root = document.documentElement;
    const $ = (id) => document.getElementById(id);

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
      K.armIdle();
      return on;
    }

    $("repeat").addEventListener("click", () => K.speak(K.s.lastSpoken));
    $("stop").addEventListener("click", () => K.stopSpeech());
    $("slower").addEventListener("click", () => {
      K.s.slow = !K.s.slow;
      $("slower").setAttribute("aria-pressed", K.s.slow ? "true" : "false");
      K.speak(K.s.lastSpoken);
    });
    $("louder").addEventListener("click", () => {
      K.s.volume = (K.s.volume + 1) % K.VOLUMES.length;
      el.volumeLevel.textContent = K.s.volume + 1 + "/" + K.VOLUMES.length;
      K.speak(T.louder[K.s.volume] + " " + K.s.lastSpoken, false);
    });
    $("bigger").addEventListener("click", () => { toggle("bigger", "big"); keepInView(); });
    $("contrast").addEventListener("click", () => toggle("contrast", "contrast"));
    $("low").addEventListener("click", () => {
      toggle("low", "low");
      $("low").scrollIntoView({ block: "end" });
    });
    $("home").addEventListener("click", () => K.wipe());
    $("print").addEventListener("click", () => window.print());
    $("receipt-read").addEventListener("click", () =>
      K.speak(el.receiptTitle.textContent + ": " + el.receiptCode.textContent + "."));
  };
})();
