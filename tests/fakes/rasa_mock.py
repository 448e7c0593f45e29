"""Rasa's HTTP API for ``httpx.MockTransport``: REST webhook, tracker events, tracker,
in process (tests/fakes/rasa_http.py is the one on a port of its own)."""

import asyncio
import json

import httpx


class FakeRasa:
    """Speaks Rasa's HTTP API: REST webhook, tracker events, tracker. Records every call.
    ``on_message`` runs inside the webhook (like an action would, during the turn)."""

    def __init__(self):
        self.calls: list[tuple[str, object]] = []
        self.paused: set[str] = set()
        self.on_message = None
        self.turn_delay = 0.0
        self.event_delay = 0.0
        self.fail_events = False

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/webhooks/halo/webhook":
            body = json.loads(request.content)
            self.calls.append(("message", body["message"]))
            await asyncio.sleep(self.turn_delay)  # NLU, policies...
            if self.on_message:  # ...then the action, late in the turn
                self.on_message(body)
            if body["sender"] in self.paused:
                return httpx.Response(200, json=[])
            return httpx.Response(200, json=[{"text": f"bot: {body['message']}"}])
        if path.endswith("/tracker/events"):
            body = json.loads(request.content)
            events = [e["event"] for e in (body if isinstance(body, list) else [body])]
            await asyncio.sleep(self.event_delay)
            if self.fail_events:
                return httpx.Response(500, json={})
            sender = path.split("/")[2]
            for event in events:
                self.calls.append(("event", event))
                if event == "pause":
                    self.paused.add(sender)
                elif event == "resume":
                    self.paused.discard(sender)
            return httpx.Response(200, json={})
        if path.endswith("/tracker"):
            self.calls.append(("tracker", path.split("/")[2]))
            return httpx.Response(200, json={"slots": {"location": "Jl. Melati", "nik": None}})
        return httpx.Response(404)
