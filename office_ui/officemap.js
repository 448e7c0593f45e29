"use strict";
/* A Leaflet map of the city for the office pages. Base map: tiles from the configured URL
   (OpenStreetMap in production, Office.shell.map.tile_url); the city's own boundary and
   kelurahan (/api/office/city.geojson) are always drawn, filled as an offline base map
   when no tile URL is set or tiles cannot be loaded (no internet). */
const OfficeMap = (() => {
  let cityData = null;

  async function city() {
    if (!cityData) cityData = await (await fetch("/api/office/city.geojson")).json();
    return cityData;
  }

  async function create(elementId, { zoom = null, labels: showLabels = true } = {}) {
    const data = await city();
    const [w, s, e, n] = data.bbox;
    const map = L.map(elementId, { zoomControl: true, attributionControl: true, maxZoom: 19, minZoom: 11, zoomSnap: 0.25 });
    map.fitBounds([[s, w], [n, e]], { padding: [8, 8] });
    if (zoom && map.getZoom() > zoom) map.setZoom(zoom);
    const offline = {
      boundary: { color: "#0b3d6b", weight: 2, fill: false },
      kelurahan: { color: "#5b6b7d", weight: 1, fillColor: "#eef2e6", fillOpacity: 1 },
    };
    const online = {
      boundary: { color: "#0b3d6b", weight: 2, fill: false },
      kelurahan: { color: "#0b3d6b", weight: 1, dashArray: "4 4", fill: false },
    };
    const base = L.geoJSON(data, {
      style: (f) => offline[f.properties.kind],
      onEachFeature: (f, layer) => {
        if (f.properties.kind === "kelurahan") {
          layer.bindTooltip(`${f.properties.name} (${f.properties.kecamatan})`, { sticky: true });
        }
      },
    }).addTo(map);
    const labels = L.layerGroup(
      data.features
        .filter((f) => f.properties.kind === "kelurahan")
        .map((f) =>
          L.marker(f.properties.centre, {
            interactive: false,
            keyboard: false,
            icon: L.divIcon({ className: "kel-label", html: "", iconSize: null }),
          }).on("add", (ev) => {
            const span = document.createElement("span");
            span.textContent = f.properties.name;
            ev.target.getElement().replaceChildren(span);
          }),
        ),
    );
    if (showLabels) labels.addTo(map);
    const state = { map, base, labels, mode: "offline" };
    const url = Office.shell.map.tile_url;
    if (url) {
      const tiles = L.tileLayer(url, { attribution: Office.shell.map.tile_attribution, maxZoom: 19 });
      let failed = false;
      tiles.on("tileerror", () => {
        if (failed) return;
        failed = true;
        map.removeLayer(tiles);
        base.setStyle((f) => offline[f.properties.kind]);
        state.mode = "offline";
        map.getContainer().dataset.base = "offline";
      });
      tiles.on("tileload", () => {
        if (state.mode !== "tiles" && !failed) {
          state.mode = "tiles";
          base.setStyle((f) => online[f.properties.kind]);
          map.getContainer().dataset.base = "tiles";
        }
      });
      tiles.addTo(map);
      tiles.bringToBack();
    }
    map.getContainer().dataset.base = "offline";
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Batas wilayah: data kota (perkiraan)");
    return state;
  }

  // 12 colours, each with white text at >= 4.5:1 (classes .swatch-0 ... .swatch-11 in office.css)
  const PALETTE = ["#1f5fa8", "#0e7c86", "#6a3d9a", "#a84700", "#2e7d32", "#5f6368", "#8c564b", "#a4262c", "#b0127a", "#6b5d00", "#3d4fb0", "#006d5b"];
  const STATUS_ORDER = ["diterima", "diverifikasi", "didisposisikan", "diproses", "selesai", "ditolak", "bukan_wewenang"];

  /** key (a status or a category code) -> palette index. */
  function colours(meta, by) {
    const keys = by === "status" ? STATUS_ORDER : meta.categories.map((c) => c.code);
    return Object.fromEntries(keys.map((k, i) => [k, i % PALETTE.length]));
  }

  return { create, city, colours, PALETTE };
})();
