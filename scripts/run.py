"""Run the whole system locally: Rasa server + app server. Ctrl-C (or SIGTERM) stops both;
a child that crashes is started again with backoff (app/launcher.py, ``supervise``).

Usage: .venv/bin/python scripts/run.py   (or: make run)
Ports: HALO_APP_PORT (8000), HALO_RASA_PORT (5005).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.launcher import LocalSystem


def main() -> int:
    system = LocalSystem(
        app_port=int(os.environ.get("HALO_APP_PORT", "8000")),
        rasa_port=int(os.environ.get("HALO_RASA_PORT", "5005")),
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
        system.wait_ready(stop=stopping)
        if stopping.is_set():
            return 0
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
        system.supervise(stopping)
    except (TimeoutError, RuntimeError) as error:
        print(f"start-up failed: {error}", file=sys.stderr)
        return 1
    finally:
        print("Stopping...", flush=True)
        system.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
