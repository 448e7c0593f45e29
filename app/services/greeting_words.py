"""The WhatsApp ping ("p", "P", "pp", "ping"), sent alone to open a chat, goes to the
assistant as the greeting's intent.

Indonesian chat users open with a bare "p" the way a caller says "halo"; the classifier
does not know it and the resident got "Maaf, saya belum mengerti maksud Anda" as the first
words of the service (bench w-09, w-10). Only the ping alone: "p min" or "p 0812..." are
read as they are.

A greeting in English only ("hello", "good morning, can you help me?") is the greeting too:
the classifier, trained on Indonesian, took "can you help me" for the help menu; the
greeting says a word on the language first (actions/greeting.py reads the words said).
"""

from __future__ import annotations

import re

from core.lang.wishes import english_greeting

GREET_INTENT = "/greet"
PING = re.compile(r"^\s*(?:p+|ping)\s*[.!]*\s*$", re.IGNORECASE)


def is_ping(text: str) -> bool:
    """Whether the message is a bare ping or a greeting in English only (see the module
    docstring)."""
    return bool(text) and (bool(PING.match(text)) or english_greeting(text))
