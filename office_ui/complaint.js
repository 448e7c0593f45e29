"use strict";
/* One complaint (/office/pengaduan.html?code=...): facts, photo, history, duplicates
   nearby, location, the reporter's contact where the privacy choice allows, actions. */
(() => {
  const el = (...a) => Office.el(...a);
  const code = new URLSearchParams(location.search).get("code") || "";
  let meta = null;
  let mapState = null;
  let marker = null;

  const ERRORS = {
    transition_not_allowed: "Status itu tidak bisa dipilih dari status sekarang.",
    reason_required: "Alasan wajib diisi.",
    supervisor_required: "Hanya supervisor yang boleh melakukan ini.",
    not_found: "Laporan tidak ditemukan.",
    complaint_closed: "Laporan sudah ditutup.",
    merge_same: "Tidak bisa digabung dengan dirinya sendiri.",
    merge_target_closed: "Laporan tujuan sudah ditolak atau digabung.",
    staff_other_dinas: "Petugas itu dari dinas lain.",
    staff_unknown: "Petugas tidak dikenal.",
    dinas_unknown: "Dinas tidak dikenal.",
  };

  function fmt(iso, withTime = true) {
    const opts = { day: "numeric", month: "long", year: "numeric" };
    if (withTime) Object.assign(opts, { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Jakarta" });
    return new Date(iso).toLocaleString("id-ID", opts);
  }

  function fact(term, value) {
    return [el("dt", { text: term }), el("dd", { text: value || "-" })];
  }

  async function showPhoto(c) {
    const card = document.getElementById("photo-card");
    const box = document.getElementById("photo");
    card.hidden = !c.photo;
    if (!c.photo) return;
    if (c.photo_external_url) {
      box.replaceChildren(el("a", { href: c.photo_external_url, rel: "noopener noreferrer", target: "_blank", text: "Buka foto (tautan luar)" }));
      return;
    }
    const blob = await Office.api(`/api/office/complaints/${encodeURIComponent(c.ticket_code)}/photo`, { as: "blob" });
    box.replaceChildren(el("img", { class: "photo", src: URL.createObjectURL(blob), alt: `Foto kiriman pelapor untuk ${c.ticket_code}` }));
  }

  function showMap(c) {
    document.getElementById("no-location").hidden = c.has_location;
    if (!c.has_location || !mapState) return;
    const ll = [c.latitude, c.longitude];
    if (marker) marker.remove();
    marker = L.circleMarker(ll, { radius: 9, color: "#fff", weight: 2, fillColor: "#a4262c", fillOpacity: 1 })
      .bindTooltip(c.ticket_code)
      .addTo(mapState.map);
    mapState.map.setView(ll, 16);
  }

  function render(c) {
    document.title = `${c.ticket_code} · Kantor Layanan Halo Warga`;
    document.getElementById("title").textContent = `${c.ticket_code} · ${c.category_name}`;
    const badges = [
      el("span", { class: "badge status", id: "status-badge", text: meta.statuses[c.status] || c.status }),
      el("span", { class: `badge sla-${c.sla.state}`, id: "sla-badge", text: c.sla.label }),
    ];
    if (c.flagged) badges.push(el("span", { class: "badge flag", text: "Ditandai untuk ditinjau" }));
    document.getElementById("badges").replaceChildren(...badges);
    document.getElementById("description").textContent = c.description;
    const facts = [
      fact("Kategori", c.category_name),
      fact("Dinas", `${c.dinas_code} – ${c.dinas_name}`),
      fact("Alamat", c.address),
      fact("Kelurahan", [c.kelurahan, c.kecamatan].filter(Boolean).join(", ")),
      fact("Kanal", meta.channels[c.channel] || c.channel),
      fact("Privasi", meta.privacy[c.privacy] || c.privacy),
      fact("Diterima", fmt(c.created_at)),
      fact("Tenggat", `${fmt(c.expected_date, false)} (${c.sla.label})`),
      fact("Petugas", c.assigned_to),
      fact("Pengikut lain", String(c.followers)),
    ];
    if (c.status_reason) facts.push(fact("Keterangan", c.status_reason));
    if (c.merged_into) facts.push(fact("Digabung ke", c.merged_into));
    if (c.merged_from.length) facts.push(fact("Gabungan dari", c.merged_from.join(", ")));
    if (c.rating) facts.push(fact("Penilaian warga", `${c.rating}/5${c.rating_comment ? ` – ${c.rating_comment}` : ""}`));
    document.getElementById("facts").replaceChildren(...facts.flat());

    document.getElementById("history").replaceChildren(
      ...c.history.map((h) =>
        el(
          "li",
          {},
          el("strong", { text: h.from_status === h.to_status ? "Catatan" : meta.statuses[h.to_status] || h.to_status }),
          el("span", { class: "muted", text: ` · ${fmt(h.created_at)} · ${h.author}` }),
          h.note ? el("div", { text: h.note }) : null,
        ),
      ),
    );

    const dups = document.getElementById("dups");
    document.getElementById("dups-empty").hidden = c.duplicates.length > 0;
    dups.replaceChildren(
      ...c.duplicates.map((d) =>
        el(
          "li",
          { dataset: { code: d.ticket_code } },
          el("a", { href: `pengaduan.html?code=${encodeURIComponent(d.ticket_code)}`, text: d.ticket_code }),
          ` · ${meta.statuses[d.status] || d.status} · ${d.summary} `,
          c.status === "ditolak" || c.merged_into
            ? null
            : el("button", {
                type: "button",
                class: "secondary merge-here",
                text: "Gabungkan ke laporan ini",
                "aria-label": `Gabungkan ${d.ticket_code} ke ${c.ticket_code}`,
                onclick: () => act({ action: "merge", target: c.ticket_code }, d.ticket_code, `${d.ticket_code} digabung ke laporan ini.`),
              }),
        ),
      ),
    );

    const rep = document.getElementById("reporter");
    if (c.privacy === "anonim") {
      rep.replaceChildren(el("p", { text: "Pelapor memilih anonim: identitas dan kontaknya disembunyikan." }));
    } else if (!c.reporter) {
      rep.replaceChildren(el("p", { text: "Tidak ada kontak yang diberikan." }));
    } else {
      const kv = el("dl", { class: "kv" });
      kv.append(...fact("Nama", c.reporter.name), ...fact("Telepon", c.reporter.phone));
      if (c.reporter.email) kv.append(...fact("Surel", c.reporter.email));
      rep.replaceChildren(kv, el("p", { class: "muted", text: "Hanya untuk menindaklanjuti laporan ini." }));
    }

    const closed = c.next_statuses.length === 0 || c.merged_into;
    document.getElementById("verify").hidden = !c.next_statuses.includes("diverifikasi");
    const sel = document.getElementById("status-to");
    sel.replaceChildren(...c.next_statuses.map((s) => el("option", { value: s, text: meta.statuses[s] || s })));
    document.getElementById("status-form").hidden = closed;
    document.getElementById("reject-form").hidden = !c.next_statuses.includes("ditolak");
    document.getElementById("merge-form").hidden = closed;
    document.getElementById("assign-form").hidden = closed;
    document.getElementById("dinas-form").hidden = closed || !Office.hasRole("supervisor");
    document.getElementById("assign-staff").value = c.assigned_staff_id ? String(c.assigned_staff_id) : "";
    showReasonField();
    showMap(c);
    showPhoto(c).catch(() => {});
  }

  function showReasonField() {
    const to = document.getElementById("status-to").value;
    document.getElementById("status-reason-field").hidden = !meta.needs_reason.includes(to);
  }

  async function act(body, target = code, done = "Tersimpan.") {
    const notice = document.getElementById("notice");
    const error = document.getElementById("error");
    notice.textContent = "";
    error.textContent = "";
    try {
      const res = await Office.api(`/api/office/complaints/${encodeURIComponent(target)}/actions`, { method: "POST", body });
      const sent = res.delivered ? ` Pesan terkirim ke ${res.delivered} percakapan warga.` : "";
      notice.textContent = done + sent;
      render(target === code ? res : await Office.api(`/api/office/complaints/${encodeURIComponent(code)}`));
      return true;
    } catch (e) {
      error.textContent = ERRORS[e.detail] || (e.status === 403 ? Office.t("forbidden") : Office.t("error"));
      return false;
    }
  }

  Office.start({
    async onReady(staff) {
      meta = await Office.api("/api/office/meta");
      const staffSel = document.getElementById("assign-staff");
      staffSel.append(el("option", { value: "", text: "– belum ada –" }));
      for (const s of meta.staff) staffSel.append(el("option", { value: s.id, text: s.name }));
      const dinasSel = document.getElementById("dinas-to");
      for (const d of meta.dinas) dinasSel.append(el("option", { value: d.code, text: `${d.code} – ${d.name}` }));
      let c;
      try {
        c = await Office.api(`/api/office/complaints/${encodeURIComponent(code)}`);
      } catch (e) {
        document.getElementById("error").textContent = ERRORS.not_found;
        document.querySelector(".grid-2").hidden = true;
        return;
      }
      mapState = await OfficeMap.create("mini-map", { zoom: 16 });
      render(c);
      document.getElementById("status-to").onchange = showReasonField;
      document.getElementById("verify").onclick = () => act({ action: "verify" }, code, "Laporan diverifikasi.");
      document.getElementById("status-form").onsubmit = async (ev) => {
        ev.preventDefault();
        const f = ev.target;
        const body = { action: "status", status: f.status.value, note: f.note.value };
        if (!document.getElementById("status-reason-field").hidden) body.reason = f.reason.value;
        if (await act(body, code, "Status diubah.")) f.reset();
      };
      document.getElementById("reject-form").onsubmit = async (ev) => {
        ev.preventDefault();
        if (await act({ action: "reject", reason: ev.target.reason.value }, code, "Laporan ditolak.")) ev.target.reset();
      };
      document.getElementById("assign-form").onsubmit = (ev) => {
        ev.preventDefault();
        const v = ev.target.staff_id.value;
        act({ action: "assign_staff", staff_id: v ? Number(v) : null }, code, "Petugas ditetapkan.");
      };
      document.getElementById("take").onclick = () =>
        act({ action: "assign_staff", staff_id: staff.id }, code, "Laporan Anda ambil.");
      document.getElementById("dinas-form").onsubmit = (ev) => {
        ev.preventDefault();
        act({ action: "assign_dinas", dinas_code: ev.target.dinas_code.value, note: ev.target.note.value }, code, "Dinas diubah.");
      };
      document.getElementById("merge-form").onsubmit = (ev) => {
        ev.preventDefault();
        act({ action: "merge", target: ev.target.target.value.trim() }, code, "Laporan digabung.");
      };
    },
  });
})();
