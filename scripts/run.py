"""Run the whole system locally: Rasa server + app server. Ctrl-C (or SIGTERM) stops both;
a child that crashes is started again with backoff (app/launcher.py, ``supervise``).

Usage: .venv/bin/python scripts/run.py   (or: make run)
Ports: HALO_APP_PORT (8000), HALO_RASA_PORT (5005); data under HALO_RUNTIME_DIR (runtime/).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import ROOT_DIR
from app.launcher import LocalSystem


def main() -> int:
    system = LocalSystem(
        app_port=int(os.environ.get("HALO_APP_PORT", "8000")),
        rasa_port=int(os.environ.get("HALO_RASA_PORT", "5005")),
        runtime_dir=Path(os.environ.get("HALO_RUNTIME_DIR") or ROOT_DIR / "runtime"),
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stopping = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print("Starting Rasa and the app server (Rasa needs about a minute to load)...", flush=True)
    system.start()
    try:
        try:
            # a child that dies while starting is started again too (backoff, cause logged)
            system.wait_ready(stop=stopping, restart=True)
        except TimeoutError as error:
            print(f"not ready yet ({error}); still supervising", file=sys.stderr, flush=True)
        else:
            if not stopping.is_set():
                print(
                    f"\nHalo Warga is running.\n"
                    f"  Kiosk / web chat : {system.app_url}/kiosk/\n"
                    f"  Chat API         : POST {system.app_url}/api/chat\n"
                    f"  API docs         : {system.app_url}/docs\n"
                    f"  Health           : {system.app_url}/health (/health/live, /health/ready)\n"
                    f"  Rasa HTTP API    : {system.rasa_url}\n"
                    f"Press Ctrl-C to stop.\n",
                    flush=True,
                )
        system.supervise(stopping)  # until SIGINT / SIGTERM
    finally:
        print("Stopping...", flush=True)
        system.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
