"""What actions need from the running process: the app's one context
(:class:`app.context.AppContext`: the database engine, the settings, the clock and, when the
actions run inside the app, the console's live events, the handoff service's hub).

The action endpoint (:func:`actions.server.create_router`) is given the context of the app it
serves and makes it the current one for each action call (a context variable), so two apps in
one process never share it. ``python -m actions.server`` builds its own (no hub there: the
console lives in the app, which tells it about a new request when the Rasa turn ends).
:func:`configure` sets a fallback for code that runs actions without the endpoint (unit tests,
scripts); it is the only module state here, used by no app: an app's actions always run with
the app's own context.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy.engine import Engine

from app.config import Settings
from app.context import AppContext
from app.services.handoff_hub import Hub

# The actions' context is the app's context (same class, same object when the app serves them).
ActionContext = AppContext

_current: ContextVar[ActionContext | None] = ContextVar("action_context", default=None)
_fallback: ActionContext | None = None


def configure(engine: Engine, settings: Settings, hub: Hub | None = None) -> ActionContext:
    """The context for actions run outside an action endpoint (tests, scripts only)."""
    global _fallback
    _fallback = ActionContext(engine=engine, settings=settings, hub=hub)
    return _fallback


@contextmanager
def using(context: ActionContext) -> Iterator[ActionContext]:
    """Make ``context`` the current one for the code inside (one action call)."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def get() -> ActionContext:
    context = _current.get() or _fallback
    if context is None:
        raise RuntimeError("no action context: the action endpoint or configure() sets one")
    return context
