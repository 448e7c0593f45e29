"use strict";
/* The complaints map (/office/peta.html): points in clusters coloured by status or
   category, or a heat view (choropleth) by kelurahan; the same filters as the list. */
(() => {
  const el = (...a) => Office.el(...a);
  let meta = null;
  let state = null;
  let layer = null;
  let legend = null;
  const HEAT = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

  /** Upper bounds of the four non-empty classes: a quarter of the maximum each. */
  function thresholds(max) {
    return [1, 2, 3, 4].map((k) => Math.ceil((k * max) / 4));
  }

  function heatColour(count, limits) {
    if (!count) return HEAT[0];
    return HEAT[1 + limits.findIndex((t) => count <= t)];
  }

  function setLegend(rows, title) {
    if (legend) legend.remove();
    legend = L.control({ position: "bottomright" });
    legend.onAdd = () =>
      el(
        "div",
        { class: "legend", id: "legend" },
        el("strong", { text: title }),
        ...rows.map(([cls, label]) => el("div", {}, el("i", { class: cls }), label)),
      );
    legend.addTo(state.map);
  }

  async function drawPoints(q, by) {
    const fc = await Office.api(`/api/staff/complaints.geojson?${q}`);
    const colours = OfficeMap.colours(meta, by);
    const keyOf = (f) => (by === "status" ? f.properties.status : f.properties.category);
    const cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 60,
      // a cluster takes the colour of most of its reports
      iconCreateFunction: (group) => {
        const tally = {};
        for (const m of group.getAllChildMarkers()) tally[m.colourIndex] = (tally[m.colourIndex] || 0) + 1;
        const top = Object.entries(tally).sort((a, b) => b[1] - a[1])[0][0];
        const n = group.getChildCount();
        return L.divIcon({ html: `<span>${n}</span>`, className: `office-cluster swatch-${top}`, iconSize: L.point(36, 36) });
      },
    });
    for (const f of fc.features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const index = colours[keyOf(f)] ?? 5;
      const m = L.circleMarker([lat, lon], {
        radius: 8,
        color: "#ffffff",
        weight: 2,
        fillColor: OfficeMap.PALETTE[index],
        fillOpacity: 0.95,
      });
      m.colourIndex = index;
      m.feature = f;
      m.bindPopup(() =>
        el(
          "div",
          { class: "popup" },
          el("a", { href: `pengaduan.html?code=${encodeURIComponent(f.id)}`, text: f.id }),
          el("div", { text: `${p.category_name} · ${meta.statuses[p.status] || p.status}` }),
          el("div", { text: `${p.kelurahan || "-"} · tenggat ${p.expected_date}` }),
        ),
      );
      cluster.addLayer(m);
    }
    layer = cluster.addTo(state.map);
    const used = new Set(fc.features.map(keyOf));
    const names = by === "status" ? meta.statuses : Object.fromEntries(meta.categories.map((c) => [c.code, c.name]));
    setLegend(
      Object.keys(colours).filter((k) => used.has(k)).map((k) => [`swatch-${colours[k]}`, names[k] || k]),
      by === "status" ? "Status" : "Kategori",
    );
    document.getElementById("map-summary").textContent = `${fc.features.length} laporan bertitik lokasi`;
    state.map.getContainer().dataset.points = String(fc.features.length);
  }

  async function drawHeat(q) {
    const fc = await Office.api(`/api/office/map/kelurahan.geojson?${q}`);
    const max = Math.max(0, ...fc.features.map((f) => f.properties.count));
    const limits = thresholds(max);
    layer = L.geoJSON(fc, {
      style: (f) => ({ color: "#0b3d6b", weight: 1, fillColor: heatColour(f.properties.count, limits), fillOpacity: 0.85 }),
      onEachFeature: (f, l) =>
        l.bindTooltip(`${f.properties.name}: ${f.properties.count} laporan (${f.properties.open} terbuka)`, { sticky: true }),
    }).addTo(state.map);
    const total = fc.features.reduce((n, f) => n + f.properties.count, 0);
    const rows = [["heat-0", "0"]];
    limits.forEach((hi, k) => {
      const lo = k === 0 ? 1 : limits[k - 1] + 1;
      if (lo <= hi) rows.push([`heat-${k + 1}`, lo === hi ? `${hi}` : `${lo}–${hi}`]);
    });
    setLegend(rows, "Laporan per kelurahan");
    document.getElementById("map-summary").textContent = `${total} laporan di ${fc.features.filter((f) => f.properties.count).length} kelurahan`;
    state.map.getContainer().dataset.heat = JSON.stringify(Object.fromEntries(fc.features.map((f) => [f.properties.name, f.properties.count])));
  }

  async function draw() {
    const q = OfficeFilters.query();
    document.getElementById("to-list").href = `/office/?${q}`;
    if (layer) layer.remove();
    const view = document.getElementById("view").value;
    document.getElementById("colour-field").hidden = view !== "points";
    state.map.getContainer().dataset.view = view;
    if (view === "heat") state.labels.addTo(state.map);
    else state.labels.remove();
    if (view === "heat") await drawHeat(q);
    else await drawPoints(q, document.getElementById("colour").value);
    state.map.getContainer().dataset.ready = "true";
  }

  Office.start({
    async onReady() {
      meta = await Office.api("/api/office/meta");
      state = await OfficeMap.create("map", { labels: false });
      OfficeFilters.render(document.getElementById("filters"), meta, draw);
      document.getElementById("view").onchange = draw;
      document.getElementById("colour").onchange = draw;
      await draw();
    },
  });
})();
