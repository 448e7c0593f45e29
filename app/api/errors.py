"""One exception handler for the error tree (:mod:`core.errors`): an error a route lets through
answers with its class's ``status`` and ``{"detail": ...}``, as FastAPI's HTTPException does.

Below 500 the detail is the error's message (written for the caller: "no request 7", "claim
the conversation first"); from 500 up it is a fixed phrase and the error goes to the log, so
nothing internal (a file name, Rasa's address) reaches a client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from core.errors import HaloWargaError

log = logging.getLogger(__name__)

SERVER_SIDE = {503: "service unavailable"}


async def tree_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HaloWargaError)
    status = error.status
    if status < 500:
        return JSONResponse({"detail": str(error)}, status_code=status)
    log.error("%s %s failed: %r", request.method, request.url.path, error, exc_info=error)
    return JSONResponse({"detail": SERVER_SIDE.get(status, "internal error")}, status_code=status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HaloWargaError, tree_error)
