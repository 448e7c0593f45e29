"""The calendar link of a booking: ``/api/bookings/{code}.ics?t=<signature>``.

The link is handed to the citizen in chat (actions) and checked by the calendar endpoint
(``app/api/bookings.py``); the signature (the app's secret key) means a guessed code alone
does not reveal someone's booking.
"""

from __future__ import annotations

import hmac
from hashlib import sha256

ICS_PREFIX = "/api/bookings"


def signature(code: str, secret: str) -> str:
    return hmac.new(secret.encode(), f"ics:{code}".encode(), sha256).hexdigest()[:24]


def signature_ok(code: str, secret: str, given: str) -> bool:
    return hmac.compare_digest(given, signature(code, secret))


def ics_path(code: str, secret: str) -> str:
    return f"{ICS_PREFIX}/{code}.ics?t={signature(code, secret)}"
