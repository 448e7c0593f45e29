"""Helpers shared by table modules: timestamps come from the one clock of :mod:`core.clock`."""

from __future__ import annotations

from core.clock import utcnow

__all__ = ["utcnow"]
