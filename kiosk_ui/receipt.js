// Halo Warga kiosk: the receipt of a filed complaint or a booking, from the assistant's
// structured payload (custom.receipt): the code very large, spelled for speech, and a QR
// code of its tracking link (qrcode-generator from npm, drawn as SVG, black on white).
(function () {
  "use strict";
  const Halo = window.Halo;
  const T = Halo.T;
  const SVG = "http://www.w3.org/2000/svg";

  // A QR code as one SVG path (4 modules of quiet zone), built from the library's matrix.
  Halo.qrSvg = function (text, label) {
    const qr = window.qrcode(0, "M");
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount();
    const size = n + 8;
    let d = "";
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += "M" + (c + 4) + " " + (r + 4) + "h1v1h-1z";
    }
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    svg.setAttribute("shape-rendering", "crispEdges");
    const bg = document.createElementNS(SVG, "rect");
    bg.setAttribute("width", String(size));
    bg.setAttribute("height", String(size));
    bg.setAttribute("fill", "#ffffff");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "#000000");
    svg.append(bg, path);
    return svg;
  };

  Halo.spell = function (code) {
    return code.split("-").map((part) => part.split("").join(" ")).join(", strip, ");
  };

  Halo.makeReceipt = function (K) {
    const el = K.el;

    function clear() {
      el.receipt.hidden = true;
      el.receiptActions.hidden = true;
      el.receiptCode.textContent = "";
      el.receiptSpelled.textContent = "";
      el.receiptQr.hidden = true;
      el.receiptQrCode.textContent = "";
    }

    // receipt: {kind, code, tracking_url}; returns what to add to the spoken reply
    function show(receipt) {
      const words = T.receipt[receipt.kind] || T.receipt.complaint;
      el.receiptTitle.textContent = words.title;
      el.receiptCode.textContent = receipt.code;
      el.receiptSpelled.textContent = Halo.spell(receipt.code);
      el.receiptNote.textContent = words.note;
      el.receiptQrCode.textContent = "";
      el.receiptQr.hidden = !receipt.tracking_url;
      if (receipt.tracking_url) {
        const url = new URL(receipt.tracking_url, location.origin).href;
        el.receiptQrCode.appendChild(Halo.qrSvg(url, words.qrLabel));
        el.receiptQrCode.dataset.url = url;
        el.receiptQrNote.textContent = words.qr;
      }
      el.receipt.hidden = false;
      el.receipt.dataset.kind = receipt.kind;
      el.receiptActions.hidden = false;
      return T.spellIntro + " " + receipt.code + ".";
    }

    return { show: show, clear: clear };
  };
})();
