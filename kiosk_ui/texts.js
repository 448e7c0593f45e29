// Halo Warga kiosk: the words the kiosk itself shows or says come from the app's text
// catalogue (GET /api/texts/kiosk, texts/id/kiosk.yml); the assistant's words come from Rasa.
// Loaded first. window.Halo.T is filled once the words arrive; Halo.ready resolves then, and
// kiosk.js starts the kiosk only after it. A template's {name} is filled in by Halo.fill.
(function () {
  "use strict";
  const T = {};
  const fill = (template, params) =>
    String(template).replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));

  // entries the scripts call as functions: the catalogue holds their templates
  function build(data) {
    Object.assign(T, data);
    T.heard = (text) => fill(data.heard, { text: text });
    T.progress = (step, of) => fill(data.progress, { step: step, of: of });
    T.digits = (n) => fill(data.digits, { n: n });
    T.range = (min, max) => (min != null && max != null ? fill(data.range.both, { min: min, max: max })
      : max != null ? fill(data.range.max, { max: max }) : "");
    return T;
  }

  // the kiosk cannot work without the app: ask again until it answers
  function load() {
    return fetch("/api/texts/kiosk", { cache: "no-store" })
      .then((resp) => {
        if (!resp.ok) throw new Error("texts HTTP " + resp.status);
        return resp.json();
      })
      .then(build)
      .catch(() => new Promise((again) => setTimeout(() => again(load()), 2000)));
  }

  window.Halo = { T: T, fill: fill, ready: load() };
})();
