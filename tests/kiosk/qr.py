"""Reading the kiosk's QR code back: the SVG on screen is drawn on a canvas in the page (as a
camera would see it, 8 px a module), its grey levels go to zxing-cpp, which decodes them."""

from __future__ import annotations

import numpy as np
import zxingcpp
from playwright.sync_api import Page

DRAW = """async (sel) => {
    const svg = document.querySelector(sel);
    const n = svg.viewBox.baseVal.width;
    const img = new Image();
    img.src = "data:image/svg+xml;base64," + btoa(new XMLSerializer().serializeToString(svg));
    await img.decode();
    const size = n * 8;
    const canvas = document.createElement("canvas");
    canvas.width = size; canvas.height = size;
    const ctx = canvas.getContext("2d");
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, size, size);
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const grey = [];
    for (let i = 0; i < rgba.length; i += 4) grey.push(rgba[i]);
    return [size, grey];
}"""


def read_qr(page: Page, selector: str = "#receipt-qr-code svg") -> list[str]:
    size, grey = page.evaluate(DRAW, selector)
    image = np.array(grey, dtype=np.uint8).reshape(size, size)
    return [r.text for r in zxingcpp.read_barcodes(image)]
