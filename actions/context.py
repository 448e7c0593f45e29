"""What actions need from the running process: the database engine and settings.

The app configures it at start-up; ``python -m actions.server`` does the same when
actions run as their own process.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from app.config import Settings


@dataclass
class ActionContext:
    engine: Engine
    settings: Settings


_context: ActionContext | None = None


def configure(engine: Engine, settings: Settings) -> None:
    global _context
    _context = ActionContext(engine=engine, settings=settings)


def get() -> ActionContext:
    if _context is None:
        raise RuntimeError("actions.context.configure() was not called at start-up")
    return _context
