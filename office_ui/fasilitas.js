"use strict";
/* The facility desk (/office/fasilitas.html): a day or week of one facility's bookings,
   check-in of a booking code, staff closures (supervisors add and remove them). */
(() => {
  const $ = (id) => document.getElementById(id);
  const el = (...args) => Office.el(...args);
  let T = null;

  const longDate = new Intl.DateTimeFormat("id-ID", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

  /** "2030-01-07" -> "Senin, 7 Januari 2030". */
  function dayName(iso) {
    return longDate.format(new Date(`${iso}T00:00:00Z`));
  }

  function say(template, values) {
    return Office.fill(template, values);
  }

  function problem(e) {
    if (e && e.detail) {
      try {
        const d = JSON.parse(e.detail);
        if (d.message) return d.message;
      } catch (ignored) {
        /* a plain detail */
      }
    }
    return Office.t("error");
  }

  function words() {
    $("page-title").textContent = T.title;
    $("facility-label").textContent = T.facility;
    $("day-label").textContent = T.day;
    $("view-label").textContent = T.view;
    $("view").options[0].textContent = T.view_day;
    $("view").options[1].textContent = T.view_week;
    $("show").textContent = T.show;
    $("prev").textContent = T.previous;
    $("next").textContent = T.next;
    $("checkin-title").textContent = T.check_in_title;
    $("code-label").textContent = T.check_in_label;
    $("checkin-button").textContent = T.check_in_button;
    $("closures-title").textContent = T.closures_title;
    $("closure-day-label").textContent = T.closure_day;
    $("closure-reason-label").textContent = T.closure_reason;
    $("closure-add").textContent = T.closure_add;
  }

  function statusBadge(b) {
    if (b.status === "cancelled") return el("span", { class: "badge cancelled", text: T.status.cancelled });
    if (b.checked_in) return el("span", { class: "badge checked", text: say(T.status.checked_in, { time: b.checked_in }) });
    const badges = [el("span", { class: "badge status", text: T.status.confirmed })];
    if (b.flagged) badges.push(" ", el("span", { class: "badge flag", text: T.status.flagged }));
    return badges;
  }

  function dayCard(day) {
    const closed = !!day.closed_reason;
    const info = closed
      ? say(T.closed, { reason: day.closed_reason })
      : say(T.open_hours, { open: day.open, close: day.close });
    const c = T.columns;
    const body = day.bookings.length
      ? el(
          "table",
          {},
          el("caption", { class: "sr-only", text: day.label }),
          el(
            "thead",
            {},
            el("tr", {}, [c.time, c.code, c.name, c.people, c.status].map((h) => el("th", { scope: "col", text: h }))),
          ),
          el(
            "tbody",
            {},
            day.bookings.map((b) =>
              el(
                "tr",
                { dataset: { code: b.code } },
                el("td", { text: `${b.start}-${b.end}` }),
                el("td", { text: b.code }),
                el("td", { text: b.name }),
                el("td", { text: String(b.people) }),
                el("td", {}, statusBadge(b)),
              ),
            ),
          ),
        )
      : el("p", { class: "muted", text: T.no_bookings });
    return el(
      "section",
      { class: `card day-card${closed ? " closed" : ""}`, dataset: { date: day.date } },
      el("h2", { text: day.label }),
      el("p", { class: "muted", text: info }),
      body,
    );
  }

  async function loadCalendar() {
    $("error").textContent = "";
    const q = new URLSearchParams({ day: $("day").value, view: $("view").value });
    try {
      const cal = await Office.api(`/api/staff/facility-desk/${encodeURIComponent($("facility").value)}/calendar?${q}`);
      $("calendar").replaceChildren(...cal.days.map(dayCard));
    } catch (e) {
      if (e.status !== 401) $("error").textContent = problem(e);
    }
    await loadClosures();
    document.body.dataset.ready = "1";
  }

  async function loadClosures() {
    const fac = encodeURIComponent($("facility").value);
    const rows = await Office.api(`/api/staff/facility-desk/${fac}/closures`);
    const list = $("closures");
    if (!rows.length) {
      list.replaceChildren(el("li", { class: "muted", text: T.closures_none }));
      return;
    }
    list.replaceChildren(
      ...rows.map((c) =>
        el(
          "li",
          { dataset: { day: c.day } },
          el("span", { text: `${c.label}: ${c.reason}` }),
          Office.hasRole("supervisor")
            ? el("button", {
                type: "button",
                class: "secondary",
                text: T.closure_remove,
                "aria-label": `${T.closure_remove} ${c.label}`,
                onclick: () => removeClosure(c),
              })
            : null,
        ),
      ),
    );
  }

  async function removeClosure(c) {
    const fac = encodeURIComponent($("facility").value);
    try {
      const r = await Office.api(`/api/staff/facility-desk/${fac}/closures/${c.day}`, { method: "DELETE" });
      $("closure-result").textContent = say(T.closure_removed, {
        date: c.label,
        count: r.unflagged.length,
        told: r.owners_told,
      });
    } catch (e) {
      $("closure-result").textContent = problem(e);
    }
    await loadCalendar();
  }

  async function addClosure(ev) {
    ev.preventDefault();
    const fac = encodeURIComponent($("facility").value);
    try {
      const r = await Office.api(`/api/staff/bookings/${fac}/closures`, {
        method: "POST",
        body: { day: $("closure-day").value, reason: $("closure-reason").value },
      });
      $("closure-result").textContent = say(T.closure_added, {
        date: dayName(r.day),
        count: r.flagged.length,
        told: r.owners_told,
      });
    } catch (e) {
      $("closure-result").textContent = problem(e);
    }
    await loadCalendar();
  }

  async function checkIn(ev) {
    ev.preventDefault();
    const out = $("checkin-result");
    out.className = "";
    try {
      const b = await Office.api("/api/staff/facility-desk/check-in", {
        method: "POST",
        body: { code: $("code").value },
      });
      out.className = "notice";
      out.textContent = say(T.check_in_done, b);
      $("code").value = "";
      await loadCalendar();
    } catch (e) {
      out.className = "error";
      out.textContent = problem(e);
    }
  }

  function shift(sign) {
    const step = $("view").value === "week" ? 7 : 1;
    const d = new Date(`${$("day").value}T12:00:00`);
    d.setDate(d.getDate() + sign * step);
    $("day").value = d.toISOString().slice(0, 10);
    loadCalendar();
  }

  Office.start({
    async onReady() {
      const desk = await Office.api("/api/staff/facility-desk");
      T = desk.texts;
      words();
      const params = new URLSearchParams(location.search);
      $("facility").replaceChildren(...desk.facilities.map((f) => el("option", { value: f.id, text: f.name })));
      if (params.get("facility")) $("facility").value = params.get("facility");
      $("day").value = params.get("day") || desk.today;
      if (params.get("view")) $("view").value = params.get("view");
      $("closure-day").value = $("day").value;
      const sup = Office.hasRole("supervisor");
      $("closure-form").hidden = !sup;
      $("closure-note").textContent = sup ? "" : T.supervisor_only;
      $("pick").addEventListener("submit", (ev) => {
        ev.preventDefault();
        loadCalendar();
      });
      $("facility").addEventListener("change", loadCalendar);
      $("prev").addEventListener("click", () => shift(-1));
      $("next").addEventListener("click", () => shift(1));
      $("checkin").addEventListener("submit", checkIn);
      $("closure-form").addEventListener("submit", addClosure);
      await loadCalendar();
    },
  });
})();
