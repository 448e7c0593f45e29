"""Booking writes in a transaction of their own, as an entry point runs them (the services
work in the caller's Session, :mod:`app.services.bookings.store`, and the caller commits),
and the facilities they are given (an app's come from its settings)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services.facilities import load_catalogue


def committed(engine: Engine, write: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``write(session, *args, **kwargs)`` in its own session, committed; what it returns
    (a row, a list or tuple of rows) is read back after the commit."""
    with Session(engine) as session:
        result = write(session, *args, **kwargs)
        session.commit()
        for part in result if isinstance(result, tuple) else (result,):
            for row in part if isinstance(part, list) else [part]:
                session.refresh(row)
        return result


# the facilities of the default file, which the tests' settings name
FACILITIES = load_catalogue()
