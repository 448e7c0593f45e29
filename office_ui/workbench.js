"use strict";
/* The workbench queue (/office/). */
Office.start({
  async onReady() {
    const list = await Office.api("/api/staff/complaints?limit=50");
    document.getElementById("queue-summary").textContent = `${list.length} laporan`;
  },
});
