"use strict";
/* Drawing the service-quality figures (dasbor.html and the public indeks.html): number
   tiles, a table per group, and Chart.js bar charts (served from npm under /office/vendor/).
   Every chart has its numbers in the table next to it, for screen readers and print. */
const Figures = (() => {
  const el = (...args) => Office.el(...args);
  const num = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat("id-ID", { style: "percent", maximumFractionDigits: 1 });
  const PERCENT = new Set(["sla_compliance", "csat", "reopened_rate", "self_service_rate", "utilisation"]);
  const charts = [];

  function format(key, value) {
    if (value === null || value === undefined) return "–";
    if (PERCENT.has(key)) return pct.format(value);
    return num.format(value);
  }

  function tiles(container, data, keys, labels) {
    container.replaceChildren(
      ...keys.map((key) =>
        el(
          "div",
          { class: "tile card", dataset: { figure: key } },
          el("p", { class: "tile-label", text: labels[key] || key }),
          el("p", { class: "tile-value", text: format(key, data[key]) }),
        ),
      ),
    );
  }

  function table(caption, rows, columns, labels, suppressedText) {
    const head = el(
      "tr",
      {},
      columns.map((c, i) => el("th", { scope: "col", text: i === 0 ? caption.column : labels[c] || c })),
    );
    const body = rows.map((row) =>
      el(
        "tr",
        { dataset: { key: row.key === null ? "" : row.key } },
        el("th", { scope: "row", text: row.label }),
        row.suppressed
          ? el("td", { colspan: columns.length - 1, class: "muted", text: suppressedText })
          : columns.slice(1).map((c) => el("td", { text: format(c, row[c]) })),
      ),
    );
    return el(
      "div",
      { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption.title },
      el("table", {}, el("caption", { text: caption.title }), el("thead", {}, head), el("tbody", {}, body)),
    );
  }

  function bars(canvas, rows, series) {
    const shown = rows.filter((r) => !r.suppressed);
    const chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: shown.map((r) => r.label),
        datasets: series.map((s) => ({
          label: s.label,
          data: shown.map((r) => (s.percent ? (r[s.key] ?? 0) * 100 : r[s.key] ?? 0)),
          backgroundColor: s.color,
          yAxisID: s.axis || "y",
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { labels: { color: "#1b1f24" } } },
        scales: {
          x: { ticks: { color: "#1b1f24" } },
          y: { beginAtZero: true, ticks: { color: "#1b1f24", precision: 0 } },
          ...(series.some((s) => s.axis === "pct")
            ? { pct: { position: "right", min: 0, max: 100, ticks: { color: "#1b1f24" }, grid: { drawOnChartArea: false } } }
            : {}),
        },
      },
    });
    charts.push(chart);
    return chart;
  }

  /** A card: heading, a chart (role=img with a text summary) and the table of its numbers. */
  function groupCard({ id, title, rows, columns, labels, series, suppressedText, column }) {
    const canvas = el("canvas", { id: `chart-${id}`, role: "img", "aria-label": title });
    const card = el(
      "section",
      { class: "card group-card", id: `group-${id}`, "aria-labelledby": `title-${id}` },
      el("h3", { id: `title-${id}`, text: title }),
      el(
        "div",
        { class: "group-body" },
        el("div", { class: "chart-box" }, canvas),
        table({ title, column }, rows, columns, labels, suppressedText),
      ),
    );
    return { card, draw: () => bars(canvas, rows, series) };
  }

  const longDate = new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

  /** "2026-11-02" -> "2 November 2026". */
  function day(iso) {
    return longDate.format(new Date(`${iso}T00:00:00Z`));
  }

  /** One card per complaint grouping (category, kelurahan, channel): count and SLA bars. */
  function complaintGroups(source, labels, columns) {
    const p = labels.page;
    return ["by_category", "by_kelurahan", "by_channel"].map((key) =>
      groupCard({
        id: key,
        title: labels.groups[key],
        column: p.group,
        rows: source[key],
        columns,
        labels: labels.figures,
        suppressedText: labels.suppressed,
        series: [
          { key: "total", label: p.chart_count, color: "#1f5f99" },
          { key: "sla_compliance", label: p.chart_sla, color: "#2e7d32", percent: true, axis: "pct" },
        ],
      }),
    );
  }

  function reset() {
    while (charts.length) charts.pop().destroy();
  }

  return { format, tiles, table, groupCard, complaintGroups, reset, day };
})();
