"""One exception handler for the error tree (:mod:`core.errors`): an error a route lets through
answers with its class's ``status`` and ``{"detail": ...}``, as FastAPI's HTTPException does.

The detail is ``error.public_detail()``: below 500 the error's message (written for the caller:
"no request 7", "claim the conversation first"); from 500 up a fixed phrase, and the error goes
to the log, so nothing internal (a file name, Rasa's address) reaches a client, unless the
class says what its callers read (a speech error's code and citizen-facing message).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError

from core.errors import HaloWargaError
from core.texts import t

log = logging.getLogger(__name__)

SERVER_SIDE = {503: "service unavailable"}


async def tree_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HaloWargaError)
    status = error.status
    detail = error.public_detail()
    if status >= 500:
        log.error("%s %s failed: %r", request.method, request.url.path, error, exc_info=error)
    if detail is None:
        detail = SERVER_SIDE.get(status, "internal error")
    headers = dict(error.headers) if error.headers else None
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def database_down(request: Request, error: Exception) -> JSONResponse:
    """The database unreachable (restarting, a lost connection): 503 with a message the
    citizen can read and a Retry-After, so the page or the vendor's webhook sends it again;
    the message was not stored, so nothing is half done."""
    log.error(
        "%s %s failed, database unavailable: %s",
        request.method,
        request.url.path,
        type(getattr(error, "orig", None) or error).__name__,
    )
    return JSONResponse(
        {"detail": t("app.database_unavailable")},
        status_code=503,
        headers={"Retry-After": "15"},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(HaloWargaError, tree_error)
    # only a database that cannot be reached; an IntegrityError or a bad statement is a fault
    # of ours, answered 500 like any other (sending it again would fail the same way)
    for unreachable in (OperationalError, InterfaceError):
        app.add_exception_handler(unreachable, database_down)
