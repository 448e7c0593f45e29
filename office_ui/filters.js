"use strict";
/* The workbench's filters, shared by the queue (/office/) and the map (/office/peta.html):
   kept in the page's query string, so a link from the list to the map (and back) keeps
   them. OfficeFilters.render(form, meta, onChange); OfficeFilters.query() -> "a=b&..." */
const OfficeFilters = (() => {
  const el = (...a) => Office.el(...a);
  const FIELDS = ["status", "category", "dinas", "kelurahan", "channel", "assigned", "q"];
  const CHECKS = ["open", "overdue", "flagged"];

  function current() {
    const params = new URLSearchParams(location.search);
    if (!params.has("open") && !params.has("status")) params.set("open", "true");
    return params;
  }

  function query() {
    const params = new URLSearchParams();
    for (const [k, v] of current()) if ((FIELDS.includes(k) || CHECKS.includes(k)) && v) params.set(k, v);
    return params.toString();
  }

  function select(id, label, options, value) {
    const sel = el("select", { id: `f-${id}`, name: id });
    sel.append(el("option", { value: "", text: "Semua" }));
    for (const [v, text] of options) sel.append(el("option", { value: v, text, selected: v === value }));
    return el("div", { class: "field" }, el("label", { for: `f-${id}`, text: label }), sel);
  }

  function check(id, label, on) {
    return el(
      "div",
      { class: "check" },
      el("input", { type: "checkbox", id: `f-${id}`, name: id, checked: on }),
      el("label", { for: `f-${id}`, text: label }),
    );
  }

  function render(form, meta, onChange) {
    const p = current();
    const staff = Office.staff;
    const assigned = [["me", "Saya"], ["none", "Belum ditugaskan"]].concat(
      meta.staff.map((s) => [String(s.id), s.name]),
    );
    const fields = [
      el(
        "div",
        { class: "field" },
        el("label", { for: "f-q", text: "Cari" }),
        el("input", { id: "f-q", name: "q", type: "search", value: p.get("q") || "", placeholder: "kode, alamat, uraian" }),
      ),
      select("status", "Status", Object.entries(meta.statuses), p.get("status")),
      select("category", "Kategori", meta.categories.map((c) => [c.code, c.name]), p.get("category")),
      staff.dinas_code
        ? null
        : select("dinas", "Dinas", meta.dinas.map((d) => [d.code, d.code]), p.get("dinas")),
      select("kelurahan", "Kelurahan", meta.kelurahan.map((k) => [k.name, k.name]), p.get("kelurahan")),
      select("channel", "Kanal", Object.entries(meta.channels), p.get("channel")),
      select("assigned", "Petugas", assigned, p.get("assigned")),
      check("open", "Hanya yang terbuka", p.get("open") === "true"),
      check("overdue", "Terlambat", p.get("overdue") === "true"),
      check("flagged", "Ditandai", p.get("flagged") === "true"),
      el("button", { type: "submit", id: "f-apply", text: "Terapkan" }),
    ];
    form.replaceChildren(...fields.filter(Boolean));
    const apply = (ev) => {
      if (ev) ev.preventDefault();
      const params = new URLSearchParams();
      for (const name of FIELDS) {
        const field = form.elements[name];
        if (field && field.value) params.set(name, field.value);
      }
      for (const name of CHECKS) {
        params.set(name, form.elements[name].checked ? "true" : "false");
        if (!form.elements[name].checked && name !== "open") params.delete(name);
      }
      history.replaceState(null, "", `${location.pathname}?${params}`);
      onChange();
    };
    form.onsubmit = apply;
    for (const field of form.querySelectorAll("select, input[type=checkbox]")) field.onchange = apply;
  }

  return { render, query };
})();
