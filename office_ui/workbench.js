"use strict";
/* The workbench queue (/office/): filters, the list sorted by due date, bulk actions. */
(() => {
  const el = (...a) => Office.el(...a);
  const PAGE = 50;
  let meta = null;
  let offset = 0;
  const selected = new Set();

  function badge(cls, text) {
    return el("span", { class: `badge ${cls}`, text });
  }

  function fmtDate(iso) {
    return new Date(iso).toLocaleDateString("id-ID", { day: "numeric", month: "short", year: "numeric" });
  }

  function renderRow(item) {
    const box = el("input", {
      type: "checkbox",
      class: "pick",
      "aria-label": `Pilih ${item.ticket_code}`,
      checked: selected.has(item.ticket_code),
      onchange: (ev) => {
        if (ev.target.checked) selected.add(item.ticket_code);
        else selected.delete(item.ticket_code);
        updateBulk();
      },
    });
    return el(
      "tr",
      { dataset: { code: item.ticket_code, sla: item.sla.state } },
      el("td", {}, box),
      el("td", {}, el("a", { href: `pengaduan.html?code=${encodeURIComponent(item.ticket_code)}`, text: item.ticket_code })),
      el("td", {}, badge(`sla-${item.sla.state}`, item.sla.label), el("div", { class: "muted", text: fmtDate(item.expected_date) })),
      el(
        "td",
        {},
        badge("status", meta.statuses[item.status] || item.status),
        item.flagged ? badge("flag", "Ditandai") : null,
      ),
      el("td", { text: item.category_name }),
      el("td", { text: item.kelurahan || "-" }),
      el("td", { text: meta.channels[item.channel] || item.channel }),
      el("td", { text: item.assigned_to || "-" }),
      el("td", { class: "summary", text: item.summary }),
    );
  }

  async function load() {
    const q = OfficeFilters.query();
    document.getElementById("to-map").href = `peta.html?${q}`;
    const data = await Office.api(`/api/office/complaints?${q}&limit=${PAGE}&offset=${offset}`);
    const body = document.getElementById("queue-body");
    body.replaceChildren(...data.items.map(renderRow));
    if (!data.items.length) {
      body.append(el("tr", {}, el("td", { colspan: 9, text: "Tidak ada laporan yang cocok dengan saringan." })));
    }
    const overdue = data.items.filter((i) => i.sla.state === "overdue").length;
    document.getElementById("queue-summary").textContent =
      `${data.total} laporan` + (overdue ? ` · ${overdue} terlambat di halaman ini` : "");
    const last = Math.min(offset + PAGE, data.total);
    document.getElementById("page-info").textContent = data.total ? `${offset + 1}–${last} dari ${data.total}` : "";
    document.getElementById("prev").disabled = offset === 0;
    document.getElementById("next").disabled = last >= data.total;
    document.getElementById("select-all").checked = false;
  }

  function updateBulk() {
    document.getElementById("bulk-count").textContent = `${selected.size} dipilih`;
    document.getElementById("bulk-run").disabled = selected.size === 0;
  }

  function showBulkFields() {
    const action = document.getElementById("bulk-action").value;
    const show = {
      "bulk-status-field": action === "status",
      "bulk-note-field": action === "status",
      "bulk-reason-field": action === "reject" || action === "status",
      "bulk-staff-field": action === "assign_staff",
      "bulk-dinas-field": action === "assign_dinas",
    };
    for (const [id, on] of Object.entries(show)) document.getElementById(id).hidden = !on;
  }

  const ERRORS = {
    transition_not_allowed: "status itu tidak bisa dipilih dari status sekarang",
    reason_required: "alasan wajib diisi",
    supervisor_required: "hanya supervisor",
    not_found: "tidak ditemukan",
    complaint_closed: "laporan sudah ditutup",
    staff_other_dinas: "petugas dari dinas lain",
  };

  async function runBulk(ev) {
    ev.preventDefault();
    const form = ev.target;
    const action = form.action.value;
    const body = { action, codes: [...selected] };
    if (action === "status") {
      body.status = form.status.value;
      body.note = form.note.value;
      if (form.reason.value) body.reason = form.reason.value;
    }
    if (action === "reject") body.reason = form.reason.value;
    if (action === "assign_staff") body.staff_id = Number(form.staff_id.value);
    if (action === "assign_dinas") body.dinas_code = form.dinas_code.value;
    const out = document.getElementById("bulk-result");
    try {
      const res = await Office.api("/api/office/complaints/bulk", { method: "POST", body });
      const failed = res.results
        .filter((r) => !r.ok)
        .map((r) => `${r.ticket_code}: ${ERRORS[r.error] || r.error}`);
      out.textContent = `${res.done} berhasil, ${res.failed} gagal.` + (failed.length ? ` ${failed.join("; ")}` : "");
      selected.clear();
      updateBulk();
      await load();
    } catch (e) {
      out.textContent = e.status === 403 ? Office.t("forbidden") : Office.t("error");
    }
  }

  Office.start({
    async onReady(staff) {
      meta = await Office.api("/api/office/meta");
      OfficeFilters.render(document.getElementById("filters"), meta, () => {
        offset = 0;
        selected.clear();
        updateBulk();
        load();
      });
      const statusSel = document.getElementById("bulk-status");
      for (const [v, label] of Object.entries(meta.statuses)) statusSel.append(el("option", { value: v, text: label }));
      const staffSel = document.getElementById("bulk-staff");
      for (const s of meta.staff) staffSel.append(el("option", { value: s.id, text: s.name }));
      const dinasSel = document.getElementById("bulk-dinas");
      for (const d of meta.dinas) dinasSel.append(el("option", { value: d.code, text: `${d.code} – ${d.name}` }));
      if (!Office.hasRole("supervisor")) {
        document.querySelector('#bulk-action option[value="assign_dinas"]').remove();
        document.querySelector('#bulk-action option[value="assign_staff"]').remove();
      }
      document.getElementById("bulk-action").onchange = showBulkFields;
      document.getElementById("bulk").onsubmit = runBulk;
      document.getElementById("select-all").onchange = (ev) => {
        for (const box of document.querySelectorAll("#queue-body .pick")) {
          box.checked = ev.target.checked;
          box.onchange({ target: box });
        }
      };
      document.getElementById("prev").onclick = () => { offset = Math.max(0, offset - PAGE); load(); };
      document.getElementById("next").onclick = () => { offset += PAGE; load(); };
      document.getElementById("export-csv").onclick = () =>
        Office.download(`/api/office/complaints.csv?${OfficeFilters.query()}`, "antrean-pengaduan.csv");
      document.getElementById("export-geojson").onclick = () =>
        Office.download(`/api/staff/complaints.geojson?${OfficeFilters.query()}`, "pengaduan.geojson");
      showBulkFields();
      updateBulk();
      await load();
    },
  });
})();
