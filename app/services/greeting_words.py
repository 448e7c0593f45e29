"""The WhatsApp ping ("p", "P", "pp", "ping"), sent alone to open a chat, goes to the
assistant as the greeting's intent.

Indonesian chat users open with a bare "p" the way a caller says "halo"; the classifier
does not know it and the resident got "Maaf, saya belum mengerti maksud Anda" as the first
words of the service (bench w-09, w-10). Only the ping alone: "p min" or "p 0812..." are
read as they are.
"""

from __future__ import annotations

import re

GREET_INTENT = "/greet"
PING = re.compile(r"^\s*(?:p+|ping)\s*[.!]*\s*$", re.IGNORECASE)


def is_ping(text: str) -> bool:
    """Whether the message is a bare ping (see the module docstring)."""
    return bool(text) and bool(PING.match(text))
