"use strict";
/* The public service-quality index (/office/indeks.html): no sign-in, aggregates only
   (GET /api/public/index; small groups pooled or withheld by the server). */
(() => {
  const $ = (id) => document.getElementById(id);
  const TILES = [
    "total",
    "sla_compliance",
    "median_first_response_hours",
    "median_resolution_hours",
    "csat",
    "reopened_rate",
  ];
  const COLUMNS = ["label", "total", "sla_compliance", "median_resolution_hours", "csat"];

  function draw(data) {
    const labels = data.labels;
    const p = labels.page;
    $("page-title").textContent = labels.public_title;
    $("intro").textContent = p.public_intro;
    $("method").textContent = Office.fill(p.public_method, { min: data.min_group });
    $("complaints-title").textContent = p.complaints;
    $("assistant-title").textContent = p.assistant_title;
    $("status").textContent = Office.fill(p.updated, { start: Figures.day(data.start), end: Figures.day(data.end) });
    const c = data.complaints;
    if (c.suppressed) {
      $("tiles").replaceChildren(Office.el("p", { class: "muted", text: labels.suppressed }));
    } else {
      Figures.tiles($("tiles"), c, TILES, labels.figures);
    }
    const cards = Figures.complaintGroups(c, labels, COLUMNS);
    $("groups").replaceChildren(...cards.map((x) => x.card));
    const a = data.assistant;
    Figures.tiles($("assistant-tiles"), a, ["conversations", "self_service_rate", "handoffs", "median_queue_wait_minutes"], labels.assistant);
    const use = Figures.groupCard({
      id: "bookings",
      title: labels.assistant.bookings,
      column: p.facility,
      rows: a.bookings,
      columns: ["label", "booking_confirmed", "booking_hours", "utilisation"],
      labels: { ...labels.assistant, utilisation: p.utilisation },
      series: [{ key: "booking_hours", label: p.chart_hours, color: "#6a3d9a" }],
    });
    $("assistant-groups").replaceChildren(use.card);
    for (const x of [...cards, use]) x.draw();
    document.body.dataset.ready = "1";
  }

  Office.start({
    public: true,
    async onReady() {
      const q = new URLSearchParams(location.search);
      const params = new URLSearchParams();
      for (const k of ["start", "end"]) if (q.get(k)) params.set(k, q.get(k));
      try {
        draw(await Office.api(`/api/public/index?${params}`));
      } catch (e) {
        $("error").textContent = Office.t("error");
      }
    },
  });
})();
