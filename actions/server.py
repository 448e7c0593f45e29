"""The Rasa action endpoint as a FastAPI router (same protocol as rasa-sdk's server).

Rasa POSTs an action call to ``/actions/webhook``; rasa-sdk's ActionExecutor runs it.
Only Rasa may call it: every request must carry the shared secret in
``X-Halo-Action-Secret`` (bot/endpoints.yml; HALO_ACTION_SECRET or runtime/action_secret).

Each action call runs in a worker thread (with an event loop of its own): actions read and
write the database with blocking calls, which must never hold the app's event loop (the
channels, the console and every other turn wait on it).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
import warnings
import weakref
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from rasa_sdk.executor import ActionExecutor
    from rasa_sdk.interfaces import (
        ActionExecutionRejection,
        ActionMissingDomainException,
        ActionNotFoundException,
    )

from actions.context import ActionContext, using
from app.config import Settings

log = logging.getLogger(__name__)

ACTION_PACKAGE = "actions"
SECRET_HEADER = "X-Halo-Action-Secret"


class SelectiveDomainExecutor(ActionExecutor):
    """rasa-sdk's executor for Rasa 3.6 with ``enable_selective_domain`` (bot/endpoints.yml).

    Rasa then sends the domain only to the actions that read it (``send_domain`` in
    bot/domain, and every ``validate_`` action). rasa-sdk 3.21 would refuse the other calls
    (449) unless they carry a digest of a domain it holds, which Rasa 3.6 never sends. Those
    actions never read the domain: they get the last one Rasa sent, or ``{}`` before the
    first. A call that carries a domain always gets its own, not a field other threads write.
    """

    def __init__(self) -> None:
        super().__init__()
        self.last_domain: dict[str, Any] = {}

    def update_and_return_domain(
        self, payload: dict[str, Any], action_name: str
    ) -> dict[str, Any] | None:
        domain = payload.get("domain")
        if domain:
            self.last_domain = domain
            return domain
        return self.last_domain


def build_executor() -> ActionExecutor:
    executor = SelectiveDomainExecutor()
    executor.register_package(ACTION_PACKAGE)
    return executor


class _ThreadLoop(threading.local):
    """Each worker thread's own event loop, kept between action calls: ``asyncio.run``
    built and closed a new loop for every call (0.3 ms here, more under load). The loop is
    closed when its thread ends."""

    loop: asyncio.AbstractEventLoop | None = None

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        """``coro`` to its end on this thread's loop; like ``asyncio.run``, tasks it left
        behind are cancelled before the call returns."""
        if self.loop is None or self.loop.is_closed():
            self.loop = asyncio.new_event_loop()
            weakref.finalize(threading.current_thread(), self.loop.close)
        loop = self.loop
        try:
            return loop.run_until_complete(coro)
        finally:
            left = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in left:
                task.cancel()
            if left:
                loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))


_thread_loop = _ThreadLoop()


async def run_in_thread(
    executor: ActionExecutor, action_call: dict[str, Any], context: ActionContext | None
) -> Any:
    """``executor.run(action_call)`` in a worker thread, with ``context`` current there."""

    def call() -> Any:
        if context is None:
            return _thread_loop.run(executor.run(action_call))
        with using(context):
            return _thread_loop.run(executor.run(action_call))

    return await anyio.to_thread.run_sync(call)


def standalone_context(settings: Settings) -> ActionContext:
    """The context ``python -m actions.server`` serves with: the app's context class, built
    from the same settings (engine and settings; the console and the channels live in the
    app, which tells the console about a new request when the Rasa turn ends)."""
    from app.db import make_engine, migrate

    engine = make_engine(settings)
    migrate(engine)
    from app.context import app_clock

    return ActionContext(engine=engine, settings=settings, clock=app_clock(settings))


def create_router(
    executor: ActionExecutor,
    secret: str,
    context: Callable[[], ActionContext] | None = None,
) -> APIRouter:
    """``context`` gives the running app's :class:`ActionContext` (asked per call: the app
    builds it at start-up); each action runs with it as the current one."""
    if not secret:
        raise ValueError("the action endpoint needs a secret (HALO_ACTION_SECRET)")

    async def only_rasa(request: Request) -> None:  # async: no worker thread per call
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("action endpoint: call without the secret refused")
            raise HTTPException(status_code=403, detail="forbidden")

    router = APIRouter(prefix="/actions", tags=["actions"], include_in_schema=False)

    @router.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "actions": len(executor.list_actions())}

    @router.get("/list", dependencies=[Depends(only_rasa)])
    async def list_actions() -> list[dict[str, Any]]:
        return [a.model_dump() for a in executor.list_actions()]

    @router.post("/webhook", dependencies=[Depends(only_rasa)])
    async def webhook(request: Request) -> JSONResponse:
        try:
            action_call = await request.json()
        except ValueError:
            return JSONResponse({"error": "Invalid body request"}, status_code=400)
        name = action_call.get("next_action")
        try:
            result = await run_in_thread(executor, action_call, context() if context else None)
        except ActionExecutionRejection as e:
            log.debug("action %s rejected: %s", name, e)
            return JSONResponse({"error": e.message, "action_name": e.action_name}, 400)
        except ActionNotFoundException as e:
            log.error("action not found: %s", e)
            return JSONResponse({"error": e.message, "action_name": e.action_name}, 404)
        except ActionMissingDomainException as e:
            return JSONResponse({"error": e.message, "action_name": e.action_name}, 449)
        except Exception:
            log.exception("action %s failed (sender %s)", name, action_call.get("sender_id"))
            return JSONResponse({"error": f"action {name} failed"}, 500)
        return JSONResponse(result.model_dump() if result else None)

    return router


def main() -> None:  # pragma: no cover - thin CLI
    """Run the action endpoint as its own process (e.g. to scale it separately).

    Usage: python -m actions.server [port]
    """
    import sys

    import uvicorn

    from app.config import get_settings
    from app.logging_setup import install_redaction

    install_redaction()  # NIKs, phones and web session ids masked, as in the app
    settings = get_settings()
    own = standalone_context(settings)
    api = FastAPI(title="Halo Warga actions")
    api.include_router(create_router(build_executor(), settings.action_secret, lambda: own))
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5055
    uvicorn.run(api, host="127.0.0.1", port=port)


if __name__ == "__main__":  # pragma: no cover
    main()
