"""bot/speedups.py: an action call's JSON is written by ujson through the kept session,
with the same JSON values as ``json.dumps`` (what ujson refuses goes to ``json.dumps``)."""

from __future__ import annotations

import json
import subprocess

import pytest

from app.config import ROOT_DIR

RASA_PY = ROOT_DIR / ".venv-rasa" / "bin" / "python"

CODE = r"""
import asyncio, json, math
from aiohttp import web
import bot.channels.halo_rest  # installs bot/speedups.py, as when Rasa starts
from bot import speedups
from rasa.utils.endpoints import EndpointConfig

CALL = {
    "next_action": "action_answer_faq", "sender_id": "web:abc/def",
    "tracker": {"events": [
        {"event": "user", "text": "jl. mawar/5 rusak \u00e9 \u4f60 \"kutip\" \\ garis",
         "parse_data": {"intent": {"name": "faq", "confidence": 0.30000000000000004},
                        "intent_ranking": [{"name": "x", "confidence": 1e-05}],
                        "entities": []},
         "timestamp": 1764777600.123456, "metadata": {"n": 12345678901234567890}},
        {"event": "slot", "name": "a", "value": None}, {"event": "bot", "text": "", "data": {}},
    ], "slots": {"ok": True, "count": 3, "big": 1.5e300}},
    "domain": {}, "version": "3.6.21",
}
same = json.loads(speedups.dumps_json(CALL)) == json.loads(json.dumps(CALL))
nan = speedups.dumps_json({"x": float("nan")})
try:
    speedups.dumps_json({"x": b"bytes"})
    refused = None
except TypeError as error:
    refused = str(error)
try:
    json.dumps({"x": b"bytes"})
except TypeError as error:
    refused_by_json = str(error)

got = []

async def webhook(request):
    got.append(await request.json())
    return web.json_response({"events": [], "responses": []})

async def main():
    app = web.Application(client_max_size=10 * 1024 * 1024)
    app.router.add_post("/actions/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/actions/webhook")
    await endpoint.request(json=CALL, method="post")
    async with endpoint.session() as session:
        serializer = session._json_serialize
    await runner.cleanup()
    print(json.dumps({"same": same, "nan": nan, "refused": refused == refused_by_json,
                      "received": got[0] == json.loads(json.dumps(CALL)),
                      "serializer": serializer is speedups.dumps_json}))

asyncio.run(main())
"""


def test_action_call_json_by_ujson() -> None:
    if not RASA_PY.exists():
        pytest.skip("no Rasa environment (.venv-rasa)")
    proc = subprocess.run(
        [str(RASA_PY), "-c", CODE],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(ROOT_DIR),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
            "PATH": "/usr/bin:/bin",
        },
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["same"]  # the same JSON values as json.dumps
    assert got["received"]  # and so the action endpoint reads the same call
    assert got["nan"] == '{"x":NaN}'  # as json.dumps writes it (Python's json reads it)
    assert got["refused"]  # what neither can write: json.dumps's error, as before
    assert got["serializer"]  # the kept session writes with it (aiohttp: json.dumps)
