"use strict";
/* The monthly report of one dinas (/office/laporan.html?month=YYYY-MM&dinas=CODE), printable. */
(() => {
  const el = (...a) => Office.el(...a);

  function pct(x) {
    return x === null ? "-" : `${(x * 100).toLocaleString("id-ID", { maximumFractionDigits: 1 })}%`;
  }

  function num(x) {
    return x === null ? "-" : x.toLocaleString("id-ID", { maximumFractionDigits: 2 });
  }

  function fill(id, rows) {
    const body = document.querySelector(`#${id} tbody`);
    body.replaceChildren(...rows.map((cells) => el("tr", {}, ...cells.map((c, i) => el(i === 0 && id === "summary" ? "th" : "td", { text: String(c), scope: i === 0 && id === "summary" ? "row" : null })))));
    if (!rows.length) body.append(el("tr", {}, el("td", { colspan: 5, text: "Tidak ada." })));
  }

  async function show(month, dinas) {
    const err = document.getElementById("error");
    err.textContent = "";
    let r;
    try {
      r = await Office.api(`/api/staff/reports/monthly?month=${encodeURIComponent(month)}&dinas=${encodeURIComponent(dinas)}`);
    } catch (e) {
      err.textContent = "Laporan tidak dapat dibuat. Periksa bulan dan dinas.";
      return;
    }
    history.replaceState(null, "", `?month=${r.month}&dinas=${r.dinas_code}`);
    document.title = `Laporan ${r.dinas_code} ${r.month_label} · Kantor Layanan Halo Warga`;
    document.getElementById("report-title").textContent = `Laporan bulanan ${r.dinas_name} (${r.dinas_code})`;
    document.getElementById("report-period").textContent = `${r.month_label} · dibuat ${new Date().toLocaleString("id-ID", { timeZone: "Asia/Jakarta" })} WIB`;
    const asOf = new Date(`${r.as_of}T12:00:00`).toLocaleDateString("id-ID", { day: "numeric", month: "long", year: "numeric" });
    document.getElementById("overdue-title").textContent = `Masih terbuka dan melewati tenggat per ${asOf}`;
    fill("summary", [
      ["Laporan masuk", r.received],
      ["Ditutup bulan ini", r.closed],
      ["Selesai ditangani", r.solved],
      ["Selesai tepat waktu", `${r.solved_on_time} (${pct(r.on_time_rate)})`],
      ["Median lama penyelesaian (hari kerja)", num(r.median_working_days_to_solve)],
      ["Ditolak / bukan wewenang", r.rejected],
      ["Digabung sebagai laporan ganda", r.merged],
      [`Masih terbuka per ${asOf}`, r.open_at_month_end],
      [`Melewati tenggat per ${asOf}`, r.overdue_at_month_end],
      ["Rata-rata penilaian warga (1–5)", r.ratings ? `${num(r.rating_average)} (${r.ratings} penilaian)` : "-"],
    ]);
    fill("by-category", r.by_category.map((c) => [c.name, c.count]));
    fill("by-kelurahan", r.by_kelurahan.map((k) => [k.name, k.count]));
    fill("overdue", r.overdue_tickets.map((t) => [t.ticket_code, t.category_name, t.kelurahan || "-", t.expected_date, t.late_working_days]));
    document.getElementById("report").hidden = false;
  }

  Office.start({
    async onReady(staff) {
      const meta = await Office.api("/api/office/meta");
      const params = new URLSearchParams(location.search);
      const now = new Date();
      const form = document.getElementById("choose");
      form.month.value = params.get("month") || `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
      for (const d of meta.dinas) form.dinas.append(el("option", { value: d.code, text: `${d.code} – ${d.name}` }));
      if (params.get("dinas")) form.dinas.value = params.get("dinas");
      if (staff.dinas_code) form.dinas.value = staff.dinas_code;
      form.onsubmit = (ev) => {
        ev.preventDefault();
        show(form.month.value, form.dinas.value);
      };
      document.getElementById("print").onclick = () => window.print();
      await show(form.month.value, form.dinas.value);
    },
  });
})();
