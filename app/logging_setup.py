"""Logs without personal data: every log record, whatever logger made it, has NIKs and
phone numbers masked before any handler sees it (app/services/privacy.py ``redact``).
Citizen text itself is logged at DEBUG only, never at INFO."""

from __future__ import annotations

import logging
from typing import Any

from app.services.privacy import redact

_installed = False
# loggers whose formatter reads record.args itself (not only the formatted message)
ARGS_READ_BY_FORMATTER = frozenset({"uvicorn.access"})


def install_redaction() -> None:
    """Wrap the log record factory once per process (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name in ARGS_READ_BY_FORMATTER and isinstance(record.args, tuple):
            # uvicorn's access formatter unpacks the args (client, method, path, ...): mask
            # each one (a path may carry a phone number) and keep their shape
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
            return record
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep the record as it is
            return record
        record.msg = redact(message)
        record.args = None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
