"""Logs without personal data: every log record, whatever logger made it, has NIKs and
phone numbers masked before any handler sees it (app/services/privacy.py ``redact``).
Citizen text itself is logged at DEBUG only, never at INFO."""

from __future__ import annotations

import logging
from typing import Any

from app.services.privacy import redact

_installed = False


def install_redaction() -> None:
    """Wrap the log record factory once per process (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep the record as it is
            return record
        record.msg = redact(message)
        record.args = None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
