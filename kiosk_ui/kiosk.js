// Seed of the kiosk: a web chat that talks to the app (never straight to Rasa).
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  let sessionId = null;

  function bubble(text, who) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text; // never innerHTML: citizen and bot text are plain text
    log.appendChild(div);
    div.scrollIntoView({ block: "end" });
    return div;
  }

  function render(messages) {
    for (const m of messages) {
      const div = bubble(m.text, m.sender || "bot");
      if (m.buttons && m.buttons.length) {
        const row = document.createElement("div");
        row.className = "buttons";
        for (const b of m.buttons) {
          const btn = document.createElement("button");
          btn.type = "button";
          btn.textContent = b.title;
          btn.addEventListener("click", () => send(b.payload, b.title));
          row.appendChild(btn);
        }
        div.appendChild(row);
      }
    }
  }

  async function send(text, shown) {
    bubble(shown || text, "user");
    try {
      const resp = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: sessionId, text: text }),
      });
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      const data = await resp.json();
      sessionId = data.session_id;
      render(data.messages);
    } catch (err) {
      bubble("Maaf, koneksi terputus. Silakan coba lagi.", "system");
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });

  send("halo");
})();
