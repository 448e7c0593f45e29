"""A stand-in Rasa over HTTP on a port of its own: absent until started (connection
refused, as when Rasa is down), then answering every message with 'jawab: <text>' and
``/status`` with a loaded model."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.rasa_client import WEBHOOK_PATH


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FakeRasa:
    """Answers every message with 'jawab: <text>' and /status with a loaded model."""

    def __init__(self, port: int, delay_s: float = 0.0) -> None:
        self.port = port
        self.delay_s = delay_s  # time a turn takes
        self.received: list[tuple[str, str]] = []
        self.server: ThreadingHTTPServer | None = None
        self.busy: dict[str, int] = {}  # turns of a sender in progress
        self.overlaps = 0  # a turn started while another of its sender was in progress
        self._lock = threading.Lock()

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._json({"model_file": "fake.tar.gz"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if not self.path.startswith(WEBHOOK_PATH):  # tracker events and the like
                    self._json({})
                    return
                sender = body["sender"]
                with fake._lock:
                    fake.received.append((sender, body["message"]))
                    fake.overlaps += fake.busy.get(sender, 0) > 0
                    fake.busy[sender] = fake.busy.get(sender, 0) + 1
                time.sleep(fake.delay_s)
                with fake._lock:
                    fake.busy[sender] -= 1
                self._json([{"recipient_id": body["sender"], "text": f"jawab: {body['message']}"}])

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
