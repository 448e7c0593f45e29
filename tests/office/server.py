"""The real app (uvicorn on a free port, in this process) on a seeded SQLite database, for
the browser tests of the back office. Rasa is not needed by the office pages: its URL
points at a closed port. Tiles come from a closed local port too, so the map must fall
back to the offline base map drawn from the city's own data."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path
from types import TracebackType

import uvicorn

from app.config import Settings
from app.main import create_app
from app.services.sla import today_local
from tests.e2e.conftest import free_port
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.office.seed import Seeded, seed


class OfficeServer:
    """``telegram``: a fake Bot API server; the app then runs the real Telegram adapter
    against it, so pushed status updates reach "Telegram" as in production."""

    def __init__(
        self, runtime: Path, today: date | None = None, telegram: FakeTelegram | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.today = today or today_local()
        self.settings = Settings(
            environment="test",
            runtime_dir=runtime,
            rasa_url=f"http://127.0.0.1:{free_port()}",
            stt_preload=False,
            booking_reminder_interval_s=0,
            privacy_purge_interval_s=0,
            rate_login_per_ip="1000/minute",
            map_tile_url=f"http://127.0.0.1:{free_port()}/{{z}}/{{x}}/{{y}}.png",
            **(
                {
                    "telegram_token": TOKEN,
                    "telegram_api_base_url": telegram.api_base_url,
                    "telegram_file_base_url": telegram.file_base_url,
                }
                if telegram
                else {}
            ),
        )
        self.app = create_app(self.settings)
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.seeded: Seeded | None = None

    def __enter__(self) -> OfficeServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline, "app did not start"
            time.sleep(0.05)
        self.seeded = seed(self.app.state.ctx.engine, self.settings.runtime_dir, today=self.today)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


if __name__ == "__main__":  # a seeded office for looking at by hand: python -m tests.office.server
    import sys
    import tempfile

    with OfficeServer(Path(tempfile.mkdtemp())) as srv:
        print(srv.url, flush=True)
        time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 600)
