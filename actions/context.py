"""What actions need from the running process: the database engine, the settings and, when
the actions run inside the app, the console's live events (the handoff service's hub).

The app configures it at start-up; ``python -m actions.server`` does the same when
actions run as their own process (no hub there: the console lives in the app, which tells it
about a new request when the Rasa turn ends).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from app.config import Settings
from app.services.handoff_hub import Hub


@dataclass
class ActionContext:
    engine: Engine
    settings: Settings
    hub: Hub | None = None


_context: ActionContext | None = None


def configure(engine: Engine, settings: Settings, hub: Hub | None = None) -> None:
    global _context
    _context = ActionContext(engine=engine, settings=settings, hub=hub)


def get() -> ActionContext:
    if _context is None:
        raise RuntimeError("actions.context.configure() was not called at start-up")
    return _context
