"use strict";
/* The back office shell (every page of /office/ loads it first): the header with the
   navigation from texts/id/office.yml (the catalogue), sign-in with a staff account, and helpers.

   A page:  <body data-page="antrean"> ... <script src="office.js"></script>
            <script src="mypage.js"></script>
   mypage.js:  Office.start({ onReady(staff, shell) { ... Office.api("/api/...") ... } });
   A public page passes { public: true } and gets staff = null.

   Office.api(path, {method, body, as}) sends the staff bearer token (kept in
   sessionStorage) and returns JSON (as: "text" | "blob" for others); it throws
   Office.ApiError(status, detail); a 401 shows the sign-in form again.
   Office.el(tag, props, ...children) builds DOM; citizen text only ever goes in as text. */
const Office = (() => {
  const TOKEN_KEY = "halo-office-token";
  const RANK = { agent: 1, supervisor: 2, admin: 3 };
  let shell = null;
  let staff = null;

  class ApiError extends Error {
    constructor(status, detail) {
      super(`${status} ${detail || ""}`.trim());
      this.status = status;
      this.detail = detail;
    }
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on") && typeof value === "function") {
        node.addEventListener(key.slice(2), value);
      } else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function fill(template, values = {}) {
    return String(template).replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  }

  function t(key, values) {
    return fill((shell && shell.texts[key]) || key, values);
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path, { method = "GET", body, as = "json" } = {}) {
    const headers = { Accept: as === "json" ? "application/json" : "*/*" };
    const tok = token();
    if (tok) headers.Authorization = `Bearer ${tok}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401 && tok) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin(t("session_ended"));
    }
    if (!res.ok) {
      let detail = "";
      try {
        const data = await res.json();
        detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
      } catch (e) {
        detail = res.statusText;
      }
      throw new ApiError(res.status, detail);
    }
    if (as === "blob") return res.blob();
    if (as === "text") return res.text();
    return res.json();
  }

  /** Fetch a file with the token and hand it to the browser as a download. */
  async function download(path, filename) {
    const blob = await api(path, { as: "blob" });
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: filename, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function hasRole(minimum) {
    return !!staff && RANK[staff.role] >= RANK[minimum || "agent"];
  }

  function renderHeader(page) {
    const header = document.getElementById("office-header");
    header.replaceChildren();
    header.className = "office-top";
    const links = shell.nav
      // a visitor who has not signed in (the public index) sees the public pages only
      .filter((item) => item.public || (staff && (!item.min_role || hasRole(item.min_role))))
      .map((item) =>
        el(
          "li",
          {},
          el("a", {
            href: item.href,
            text: item.label,
            "aria-current": item.page === page ? "page" : null,
          }),
        ),
      );
    const who = el("div", { class: "who", id: "who" });
    if (staff) {
      const scope = staff.dinas_code ? ` · ${t("dinas_scope", { dinas: staff.dinas_code })}` : "";
      who.append(
        el("span", {
          text: `${t("signed_in_as", { name: staff.full_name || staff.username })} (${
            shell.texts.roles[staff.role] || staff.role
          })${scope}`,
        }),
        el("button", { type: "button", id: "logout", class: "ghost", text: t("logout"), onclick: logout }),
      );
    }
    header.append(
      el("a", { class: "brand", href: "/office/", text: shell.title }),
      el("nav", { "aria-label": t("nav_label") }, el("ul", {}, links)),
      who,
    );
  }

  function logout() {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  }

  function showLogin(message) {
    const main = document.getElementById("main");
    main.hidden = true;
    let box = document.getElementById("login");
    if (!box) {
      const error = el("p", { id: "login-error", class: "error", role: "alert" });
      const form = el(
        "form",
        { id: "login-form", class: "card login" },
        el("h1", { text: t("login_title") }),
        el("p", { class: "muted", text: t("login_intro") }),
        el("label", { for: "login-username", text: t("username") }),
        el("input", { id: "login-username", name: "username", autocomplete: "username", required: true }),
        el("label", { for: "login-password", text: t("password") }),
        el("input", {
          id: "login-password",
          name: "password",
          type: "password",
          autocomplete: "current-password",
          required: true,
        }),
        el("button", { id: "login-submit", type: "submit", text: t("login_button") }),
        error,
      );
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        error.textContent = "";
        try {
          const res = await fetch("/api/staff/login", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              username: form.username.value,
              password: form.password.value,
            }),
          });
          if (res.status === 429) throw new ApiError(429, "");
          if (!res.ok) throw new ApiError(res.status, "");
          const data = await res.json();
          sessionStorage.setItem(TOKEN_KEY, data.access_token);
          location.reload();
        } catch (e) {
          error.textContent = e.status === 429 ? t("login_slow") : e.status === 401 ? t("login_failed") : t("error");
        }
      });
      box = el("main", { id: "login" }, form);
      main.after(box);
    }
    box.hidden = false;
    if (message) document.getElementById("login-error").textContent = message;
    document.getElementById("login-username").focus();
  }

  /** Start a page: shell, header, sign-in; then onReady(staff, shell). */
  async function start({ public: isPublic = false, onReady }) {
    shell = await (await fetch("/api/office/shell")).json();
    const page = document.body.dataset.page;
    const skip = document.querySelector(".skip");
    if (skip) skip.textContent = t("skip_link");
    if (!isPublic && token()) {
      try {
        staff = await api("/api/staff/me");
      } catch (e) {
        staff = null;
      }
    }
    renderHeader(page);
    if (!isPublic && !staff) {
      showLogin();
      return;
    }
    document.getElementById("main").hidden = false;
    await onReady(staff, shell);
  }

  return {
    start,
    api,
    download,
    el,
    fill,
    t,
    hasRole,
    ApiError,
    get shell() {
      return shell;
    },
    get staff() {
      return staff;
    },
  };
})();
