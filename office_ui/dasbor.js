"use strict";
/* The staff dashboard (/office/dasbor.html): GET /api/staff/analytics/summary for a period.
   A dinas officer sees their dinas only and no assistant figures. */
(() => {
  const $ = (id) => document.getElementById(id);
  const TILES = [
    "total",
    "sla_compliance",
    "median_first_response_hours",
    "median_resolution_hours",
    "csat",
    "rating_avg",
    "reopened_rate",
    "overdue_open",
  ];
  const COLUMNS = [
    "label",
    "total",
    "sla_compliance",
    "median_first_response_hours",
    "median_resolution_hours",
    "csat",
    "reopened_rate",
  ];
  const ASSISTANT_TILES = [
    "conversations",
    "self_service_rate",
    "handoffs",
    "handoffs_claimed",
    "median_queue_wait_minutes",
    "p90_queue_wait_minutes",
  ];

  function isoDay(d) {
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  function defaults() {
    const params = new URLSearchParams(location.search);
    const end = new Date();
    const start = new Date(end.getTime() - 29 * 86400000);
    $("start").value = params.get("start") || isoDay(start);
    $("end").value = params.get("end") || isoDay(end);
  }

  function words(labels) {
    const p = labels.page;
    $("page-title").textContent = p.dashboard_title;
    $("start-label").textContent = p.start;
    $("end-label").textContent = p.end;
    $("show").textContent = p.show;
    $("dinas-label").textContent = p.dinas;
    $("complaints-title").textContent = p.complaints;
    $("assistant-title").textContent = p.assistant_title;
  }

  function draw(data) {
    const labels = data.labels;
    const p = labels.page;
    words(labels);
    Figures.reset();
    $("status").textContent = Office.fill(p.updated, { start: Figures.day(data.start), end: Figures.day(data.end) });
    $("scope").textContent = data.dinas_code
      ? Office.fill(p.scope_dinas, { dinas: data.dinas_name })
      : p.scope_all;
    Figures.tiles($("tiles"), data, TILES, labels.figures);
    const cards = Figures.complaintGroups(data, labels, COLUMNS);
    $("groups").replaceChildren(...cards.map((c) => c.card));
    dinasChoice(data);
    const a = data.assistant;
    $("assistant").hidden = !a;
    const more = [];
    if (a) {
      Figures.tiles($("assistant-tiles"), a, ASSISTANT_TILES, labels.assistant);
      const channels = a.by_channel.map((r) => ({ ...r, label: labels.channels[r.key] || r.key }));
      more.push(
        Figures.groupCard({
          id: "conversations",
          title: labels.assistant.by_channel,
          column: p.channel,
          rows: channels,
          columns: ["label", "conversations"],
          labels: labels.assistant,
          series: [{ key: "conversations", label: p.chart_conversations, color: "#1f5f99" }],
        }),
        Figures.groupCard({
          id: "bookings",
          title: labels.assistant.bookings,
          column: p.facility,
          rows: a.bookings,
          columns: ["label", "booking_confirmed", "booking_cancelled", "booking_checked_in", "booking_hours", "utilisation"],
          labels: { ...labels.assistant, utilisation: p.utilisation },
          series: [{ key: "booking_hours", label: p.chart_hours, color: "#6a3d9a" }],
        }),
      );
      $("assistant-groups").replaceChildren(...more.map((c) => c.card));
    }
    for (const c of [...cards, ...more]) c.draw();
    document.body.dataset.ready = "1";
  }

  /** Supervisors may narrow the figures to one dinas (the list comes with the answer). */
  function dinasChoice(data) {
    const field = $("dinas-field");
    field.hidden = !data.dinas_options;
    if (!data.dinas_options || $("dinas").options.length) return;
    const options = [Office.el("option", { value: "", text: data.labels.page.scope_all })];
    for (const [code, name] of Object.entries(data.dinas_options)) {
      options.push(Office.el("option", { value: code, text: name }));
    }
    $("dinas").replaceChildren(...options);
    $("dinas").value = data.dinas_code || "";
  }

  async function load() {
    $("error").textContent = "";
    document.body.dataset.ready = "";
    const q = new URLSearchParams({ start: $("start").value, end: $("end").value });
    if ($("dinas").value) q.set("dinas_code", $("dinas").value);
    try {
      draw(await Office.api(`/api/staff/analytics/summary?${q}`));
    } catch (e) {
      if (e.status !== 401) $("error").textContent = Office.t("error");
    }
  }

  Office.start({
    async onReady() {
      defaults();
      $("period").addEventListener("submit", (ev) => {
        ev.preventDefault();
        load();
      });
      await load();
    },
  });
})();
