// Halo Warga kiosk: the input the assistant asks for, from its structured prompt
// (custom.expects; actions/forms/prompts.py): a date grid, a time grid, a number pad, or
// large choice buttons; and the form's progress ("Langkah 3 dari 6"). Nothing is read from
// the wording of the question.
(function () {
  "use strict";
  const Halo = window.Halo;
  const T = Halo.T;
  const PAGE_DAYS = 35; // five weeks, Monday first
  const PAD_MAX = { phone: 15, number: 6 };

  function button(label, onClick, cls) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (cls) b.className = cls;
    b.addEventListener("click", onClick);
    return b;
  }
  const day = (s) => { const p = s.split("-").map(Number); return new Date(Date.UTC(p[0], p[1] - 1, p[2])); };
  const iso = (d) => d.toISOString().slice(0, 10);
  const addDays = (d, n) => new Date(d.getTime() + n * 86400000);
  const weekday = (d) => (d.getUTCDay() + 6) % 7; // Monday 0
  Halo.dateLabel = (d) => T.weekdays[weekday(d)] + ", " + d.getUTCDate() + " " +
    T.months[d.getUTCMonth()] + " " + d.getUTCFullYear();
  function today() {
    const n = new Date();
    return new Date(Date.UTC(n.getFullYear(), n.getMonth(), n.getDate()));
  }

  // The widest word of the choice labels, in em of their font, as --word on the grid
  // (kiosk.css sizes the columns from it): a label wraps between words, never inside one.
  const ruler = document.createElement("canvas").getContext("2d");
  Halo.fitWords = function (box) {
    let widest = 0;
    for (const b of box.children) {
      const cs = getComputedStyle(b);
      const size = parseFloat(cs.fontSize);
      ruler.font = cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
      for (const word of b.textContent.split(/\s+/)) widest = Math.max(widest, ruler.measureText(word).width / size);
    }
    box.style.setProperty("--word", widest.toFixed(3));
  };

  Halo.makeAnswers = function (K) {
    const el = K.el;
    let page = 0;

    function clear() {
      el.answer.hidden = true;
      el.answerBody.textContent = "";
      el.answer.removeAttribute("data-kind");
      el.progress.hidden = true;
      delete document.documentElement.dataset.expects;
    }

    function frame(kind, title, hint) {
      el.answer.hidden = false;
      el.answer.dataset.kind = kind;
      el.answerTitle.textContent = title;
      el.answerHint.textContent = hint || "";
      el.answerHint.hidden = !hint;
      el.answerBody.textContent = "";
    }

    function progress(p) {
      if (!p || !p.of || p.of < 2) { el.progress.hidden = true; return; }
      el.progress.hidden = false;
      el.progressText.textContent = T.progress(p.step, p.of);
      el.progressBar.textContent = "";
      for (let i = 1; i <= p.of; i++) {
        const seg = document.createElement("span");
        seg.className = i <= p.step ? "done" : "";
        el.progressBar.appendChild(seg);
      }
    }

    // ---- date grid: the days that can be booked, the free ones marked
    function dateGrid(expects) {
      const first = expects.min ? day(expects.min) : today();
      const last = expects.max ? day(expects.max) : addDays(first, 30);
      const free = new Map((expects.options || []).map((o) => [String(o.payload).slice(0, 10), o]));
      const start = addDays(first, -weekday(first));
      const pages = Math.max(1, Math.ceil((last - start) / 86400000 / PAGE_DAYS));
      page = Math.min(page, pages - 1);
      frame("date", T.dateTitle, free.size ? T.dateHint : "");
      const from = addDays(start, page * PAGE_DAYS);
      const to = addDays(from, PAGE_DAYS - 1);
      const nav = document.createElement("div");
      nav.className = "date-nav";
      const month = document.createElement("p");
      month.className = "date-month";
      const shownFrom = from < first ? first : from;
      const shownTo = to > last ? last : to;
      const m1 = T.months[shownFrom.getUTCMonth()] + " " + shownFrom.getUTCFullYear();
      const m2 = T.months[shownTo.getUTCMonth()] + " " + shownTo.getUTCFullYear();
      month.textContent = m1 === m2 ? m1 : m1 + " – " + m2;
      if (page > 0) nav.appendChild(button(T.earlier, () => { page--; dateGrid(expects); }, "nav"));
      nav.appendChild(month);
      if (page < pages - 1) nav.appendChild(button(T.later, () => { page++; dateGrid(expects); }, "nav"));
      const grid = document.createElement("div");
      grid.className = "date-grid";
      grid.setAttribute("role", "group");
      grid.setAttribute("aria-label", T.dateTitle);
      for (const w of T.weekdaysShort) {
        const h = document.createElement("span");
        h.className = "dow";
        h.setAttribute("aria-hidden", "true");
        h.textContent = w;
        grid.appendChild(h);
      }
      for (let i = 0; i < PAGE_DAYS; i++) {
        const d = addDays(from, i);
        if (d < first || d > last) { grid.appendChild(document.createElement("span")); continue; }
        const option = free.get(iso(d));
        const label = Halo.dateLabel(d);
        const b = button(String(d.getUTCDate()), () =>
          K.send(option ? option.payload : iso(d), label), option ? "free" : "");
        b.dataset.date = iso(d);
        if (d.getUTCDate() === 1) { // a new month: its name under the number
          const small = document.createElement("small");
          small.textContent = T.months[d.getUTCMonth()].slice(0, 3);
          b.appendChild(small);
        }
        b.setAttribute("aria-label", label + (option ? ", " + T.freeDay : ""));
        grid.appendChild(b);
      }
      el.answerBody.append(nav, grid);
    }

    // ---- time grid: the free starts offered, else the opening hours in steps
    function timeGrid(expects) {
      let options = expects.options || [];
      if (!options.length) {
        const [h1, m1] = (expects.min || "07:00").split(":").map(Number);
        const [h2, m2] = (expects.max || "21:00").split(":").map(Number);
        const step = Math.max(15, Number(expects.step_minutes) || 60);
        options = [];
        for (let t = h1 * 60 + m1; t < h2 * 60 + m2 && options.length < 16; t += step) {
          const hhmm = String(Math.floor(t / 60)).padStart(2, "0") + "." + String(t % 60).padStart(2, "0");
          options.push({ title: hhmm, payload: "jam " + hhmm });
        }
      }
      frame("time", T.timeTitle, T.timeHint);
      const grid = document.createElement("div");
      grid.className = "time-grid";
      grid.setAttribute("role", "group");
      grid.setAttribute("aria-label", T.timeTitle);
      for (const o of options) grid.appendChild(button(o.title, () => K.send(o.payload, o.title)));
      el.answerBody.appendChild(grid);
    }

    // ---- number pad: a phone number, a count, a NIK
    function keypad(expects) {
      const phone = expects.kind === "phone";
      const max = expects.digits || PAD_MAX[phone ? "phone" : "number"];
      const hint = phone ? "" : expects.digits ? T.digits(expects.digits)
        : T.range(expects.min, expects.max);
      frame(expects.kind, phone ? T.phoneTitle : T.numberTitle, hint);
      let value = "";
      const out = document.createElement("output");
      out.className = "pad-value";
      out.setAttribute("aria-label", T.padValue);
      const shown = () => (phone ? value.replace(/(\d{4})(?=\d)/g, "$1 ") : value);
      const show = () => {
        out.textContent = value ? shown() : T.padEmpty;
        out.classList.toggle("empty", !value);
      };
      const press = (ch) => {
        if (value.length >= max) return;
        value += ch;
        show();
        K.say(ch);
      };
      const pad = document.createElement("div");
      pad.className = "pad";
      pad.setAttribute("role", "group");
      pad.setAttribute("aria-label", el.answerTitle.textContent);
      for (const ch of "123456789") pad.appendChild(button(ch, () => press(ch)));
      const erase = button(T.erase, () => { value = value.slice(0, -1); show(); K.say(T.erase); }, "erase");
      erase.setAttribute("aria-label", T.eraseLabel);
      pad.appendChild(erase);
      pad.appendChild(button("0", () => press("0")));
      const sendKey = button(T.sendNumber, () => { if (value) K.send(value, shown()); }, "primary");
      pad.appendChild(sendKey);
      el.answerBody.append(out, pad);
      show();
    }

    // custom: the structured prompt of the assistant's last question (or null)
    function show(custom) {
      clear();
      const expects = custom && custom.expects;
      progress(custom && custom.progress);
      if (!expects) return null;
      document.documentElement.dataset.expects = expects.kind;
      if (expects.kind === "date") { page = 0; dateGrid(expects); return expects; }
      if (expects.kind === "time") { timeGrid(expects); return expects; }
      if (expects.kind === "number" || expects.kind === "phone") { keypad(expects); return expects; }
      return expects; // choices, yes / no, text: the buttons and the text field
    }

    return { show: show, clear: clear };
  };
})();
