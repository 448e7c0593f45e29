"""Web and kiosk conversation ids, issued by the server: random, signed and expiring.

A session id is ``<random 24 hex>-<issued at, hex seconds>-<HMAC, 24 hex>``; the
conversation is ``web:<session id>``. The browser keeps it in memory (the kiosk wipes it
after inactivity) and sends it back with every message and poll; an id the server did not
issue, or one past its lifetime, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

SESSION_RE = re.compile(r"(?P<body>[0-9a-f]{24}-[0-9a-f]{1,12})-(?P<sig>[0-9a-f]{24})")
_PURPOSE = b"web-session:"


def _sign(secret_key: str, body: str) -> str:
    mac = hmac.new(secret_key.encode(), _PURPOSE + body.encode(), hashlib.sha256)
    return mac.hexdigest()[:24]


def issue(secret_key: str, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    body = f"{secrets.token_hex(12)}-{issued:x}"
    return f"{body}-{_sign(secret_key, body)}"


def is_valid(secret_key: str, session_id: str, ttl_s: float, now: float | None = None) -> bool:
    match = SESSION_RE.fullmatch(session_id or "")
    if match is None:
        return False
    if not hmac.compare_digest(match.group("sig"), _sign(secret_key, match.group("body"))):
        return False
    issued = int(match.group("body").rsplit("-", 1)[1], 16)
    age = (time.time() if now is None else now) - issued
    return -60 <= age <= ttl_s
