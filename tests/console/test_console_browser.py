"""The agent console in real headless Chromium: sign in, claim, reply, hand back.

The app runs in-process (uvicorn on a free port) with Rasa replaced by an HTTP mock; the
end-to-end test with the real Rasa server is tests/e2e/test_handoff_flow.py."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.models import Conversation, ConversationMode
from app.services import handoff as hs
from app.services.officer_words import OFFICER_INTENT
from app.services.staff import create_staff
from tests.e2e.conftest import free_port
from tests.fakes.rasa_mock import FakeRasa
from tests.web_ids import web_sid

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def sid(server: "Server", name: str) -> str:
    return web_sid(server.app.state.ctx.settings.secret_key, name)


XSS = '<img src=x onerror="window.__xss = 1">'


class Server:
    def __init__(self, runtime: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        settings = Settings(
            environment="test",
            runtime_dir=runtime,
            rasa_url="http://rasa.test",
            handoff_always_open=True,
        )
        self.app = create_app(settings)
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline, "app did not start"
            time.sleep(0.05)
        self.rasa = FakeRasa()
        state = self.app.state.ctx

        def on_message(body):
            if body["message"] in (
                OFFICER_INTENT,
                "mau bicara dengan petugas",
            ):  # the app sends the intent
                hs.request_handoff(
                    state.engine,
                    body["sender"],
                    "request_human",
                    {"nik": "3201"},
                    always_open=state.settings.handoff_always_open,
                    hub=state.handoff.hub,
                )

        self.rasa.on_message = on_message
        state.rasa._http = httpx.AsyncClient(
            base_url="http://rasa.test", transport=httpx.MockTransport(self.rasa)
        )
        with Session(state.engine) as s:
            create_staff(s, username="ani", password="rahasia-ani", full_name="Ani Lestari")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with Server(tmp_path) as srv:
        yield srv


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_sign_in_claim_reply_and_hand_back(server: Server, page: Page) -> None:
    citizen = httpx.Client(base_url=server.url, timeout=30)
    citizen.post(
        "/api/chat", json={"session_id": sid(server, "warga9"), "text": "mau bicara dengan petugas"}
    )

    page.goto(f"{server.url}/console/")
    page.fill("#login-username", "ani")
    page.fill("#login-password", "salah-sandi")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_contain_text("salah")
    page.fill("#login-password", "rahasia-ani")
    page.click("#login-submit")
    expect(page.locator("#who")).to_contain_text("Ani Lestari")
    expect(page.locator("#live-status")).to_have_text("terhubung")

    item = page.locator("#queue-list li[data-status=waiting]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("warga minta petugas")
    item.click()
    expect(page.locator("#summary")).to_contain_text("3201")
    page.click("#btn-claim")
    expect(page.locator("#conv-meta")).to_contain_text("status: claimed")

    # a citizen message arrives live, and markup in it stays text
    citizen.post("/api/chat", json={"session_id": sid(server, "warga9"), "text": XSS})
    line = page.locator("#transcript li.citizen").last
    expect(line).to_contain_text(XSS)
    assert page.locator("#transcript img").count() == 0
    assert page.evaluate("window.__xss") is None

    page.select_option("#canned-select", label="Mohon tunggu")
    expect(page.locator("#composer-text")).to_have_value(
        "Mohon tunggu sebentar, saya periksa dulu datanya."
    )
    page.fill("#composer-text", "Halo, saya Ani dari Halo Warga.")
    page.click("#composer-send")
    expect(page.locator("#transcript li.agent").last).to_contain_text("saya Ani dari Halo Warga")
    updates = citizen.get(f"/api/chat/{sid(server, 'warga9')}/updates").json()["messages"]
    assert (updates[-1]["sender"], updates[-1]["text"]) == (
        "agent",
        "Halo, saya Ani dari Halo Warga.",
    )

    page.fill("#note-text", "warga minta ditelepon sore")
    page.click("#note-add")
    expect(page.locator("#notes")).to_contain_text("warga minta ditelepon sore")

    page.click("#btn-handback")
    expect(page.locator("#conv-meta")).to_contain_text("status: closed")
    expect(page.locator("#queue-list li")).to_have_count(0)
    assert ("event", "resume") in server.rasa.calls
    with Session(server.app.state.ctx.engine) as s:
        assert s.get(Conversation, f"web:{sid(server, 'warga9')}").mode is ConversationMode.BOT
    reply = citizen.post(
        "/api/chat", json={"session_id": sid(server, "warga9"), "text": "halo lagi"}
    )
    assert reply.json()["messages"][0]["text"] == "bot: halo lagi"
    citizen.close()


def test_supervisor_sees_agents_queue_figures_and_audit_log(server: Server, page: Page) -> None:
    from app.models import StaffRole

    with Session(server.app.state.ctx.engine) as s:
        create_staff(s, username="sari", password="rahasia-sari", role=StaffRole.SUPERVISOR)
    httpx.post(
        f"{server.url}/api/chat",
        json={"session_id": sid(server, "w5"), "text": "mau bicara dengan petugas"},
    )
    page.goto(f"{server.url}/console/")
    page.fill("#login-username", "sari")
    page.fill("#login-password", "rahasia-sari")
    page.click("#login-submit")
    page.click("button[data-view=supervisor]")
    expect(page.locator("#agents-table tbody")).to_contain_text("Ani Lestari")
    expect(page.locator("#queue-stats")).to_contain_text("Menunggu: 1")
    page.click("button[data-view=audit]")
    expect(page.locator("#audit-table tbody")).to_contain_text("requested")
    expect(page.locator("#audit-table tbody")).to_contain_text("login")


def test_an_agent_does_not_get_the_supervisor_views(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/console/")
    page.fill("#login-username", "ani")
    page.fill("#login-password", "rahasia-ani")
    page.click("#login-submit")
    expect(page.locator("#who")).to_contain_text("agent")
    expect(page.locator("button[data-view=supervisor]")).to_be_hidden()
    expect(page.locator("button[data-view=audit]")).to_be_hidden()


# A refresh whose answer left the server before the citizen's next message, but renders after
# the websocket pushed that message (the claim's own "request" event does this), keeps the line.
SLOW_REFRESH = """() => {
  const orig = window.fetch;
  window.fetch = async (url, opts) => {
    const resp = await orig(url, opts);
    if (String(url).includes("/api/console/requests/") && window.__slow) {
      await new Promise((r) => setTimeout(r, 1500));
    }
    return resp;
  };
}"""


def test_a_slow_refresh_keeps_a_line_pushed_meanwhile(server: Server, page: Page) -> None:
    citizen = httpx.Client(base_url=server.url, timeout=30)
    citizen.post(
        "/api/chat", json={"session_id": sid(server, "warga7"), "text": "mau bicara dengan petugas"}
    )
    page.goto(f"{server.url}/console/")
    page.evaluate(SLOW_REFRESH)
    page.fill("#login-username", "ani")
    page.fill("#login-password", "rahasia-ani")
    page.click("#login-submit")
    expect(page.locator("#live-status")).to_have_text("terhubung")
    page.locator("#queue-list li[data-status=waiting]").click()
    page.click("#btn-claim")
    expect(page.locator("#conv-meta")).to_contain_text("status: claimed")

    page.evaluate("window.__slow = true")
    page.locator("#queue-list li").first.click()  # a refresh: its snapshot is taken now
    time.sleep(0.5)
    citizen.post("/api/chat", json={"session_id": sid(server, "warga7"), "text": "ada orang?"})
    expect(page.locator("#transcript li.citizen").last).to_contain_text("ada orang?")
    time.sleep(1.5)  # the slow refresh has rendered by now
    expect(page.locator("#transcript li.citizen").last).to_contain_text("ada orang?")
    expect(page.locator("#transcript li.citizen")).to_have_count(2)
