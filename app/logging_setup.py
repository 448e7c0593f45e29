"""Logs without personal data: every log record, whatever logger made it, has NIKs and
phone numbers masked before any handler sees it (app/services/privacy.py ``redact``).
Citizen text itself is logged at DEBUG only, never at INFO (and never below INFO in
production).

Every record also carries the request id of the HTTP request or turn it belongs to
(``record.request_id``, app/observability/context.py). With ``HALO_LOG_FORMAT=json`` every
line is one JSON object: ``time``, ``level``, ``logger``, ``message``, ``request_id`` and, for
an exception, ``error`` (its class) and ``traceback`` (masked too).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from app.observability.context import current_request_id
from app.services.privacy import redact

_installed = False
_ids_installed = False
# loggers whose formatter reads record.args itself (not only the formatted message)
ARGS_READ_BY_FORMATTER = frozenset({"uvicorn.access"})
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


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


def install_request_ids() -> None:
    """Every record gets ``request_id`` (None outside a request); idempotent."""
    global _ids_installed
    if _ids_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    logging.setLogRecordFactory(factory)
    _ids_installed = True


# a path segment that is an id or a token (a web session, a conversation): not logged
TOKEN_SEGMENT_RE = re.compile(r"/[A-Za-z0-9_:.-]{20,}")


def access_line(args: tuple[Any, ...]) -> dict[str, Any] | None:
    """uvicorn's access record (client, method, path, HTTP version, status) without the
    client's address and with ids in the path replaced by ``{id}``."""
    if len(args) != 5:
        return None
    _client, method, path, version, status = args
    path = TOKEN_SEGMENT_RE.sub("/{id}", str(path))
    return {
        "message": f"{method} {path} HTTP/{version} {status}",
        "method": method,
        "path": path,
        "status": status,
    }


class JsonFormatter(logging.Formatter):
    """One JSON object a line; the message is the (already masked) formatted message.
    Access lines leave out the client's address (personal data) and ids in the path."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": "",
            "request_id": getattr(record, "request_id", None),
        }
        access = None
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            access = access_line(record.args)
        if access is not None:
            out.update(access)
        else:
            out["message"] = redact(record.getMessage())
        if record.exc_info and record.exc_info[0] is not None:
            out["error"] = record.exc_info[0].__name__
            out["traceback"] = redact(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(
    log_format: str = "text", level: str = "INFO", production: bool = False
) -> None:
    """Redaction and request ids always; with ``log_format="json"`` the root logger writes
    JSON lines to stderr and uvicorn's own handlers write JSON too. ``"text"`` leaves the
    handlers as they are (uvicorn's, or the launcher's)."""
    install_redaction()
    install_request_ids()
    if log_format != "json":
        return
    number = logging.getLevelName(level.upper())
    if not isinstance(number, int):
        number = logging.INFO
    if production:
        number = max(number, logging.INFO)  # DEBUG may hold citizens' text
    formatter = JsonFormatter()
    root = logging.getLogger()
    if not any(getattr(h, "halo_json", False) for h in root.handlers):
        ours = logging.StreamHandler(sys.stderr)
        ours.halo_json = True  # type: ignore[attr-defined]
        root.addHandler(ours)
    for handler in root.handlers:
        handler.setFormatter(formatter)
    root.setLevel(number)
    for name in UVICORN_LOGGERS:
        for each in logging.getLogger(name).handlers:
            each.setFormatter(formatter)
    # one INFO line per outgoing HTTP request (Rasa, channels) is noise, not an event
    logging.getLogger("httpx").setLevel(max(number, logging.WARNING))
