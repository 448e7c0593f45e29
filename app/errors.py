"""Exceptions of the app server, in the one error tree of :mod:`core.errors`.

    HaloWargaError             (core.errors) base of every error raised on purpose
    ├── AssistantUnavailable   503  Rasa (or the action server) cannot be reached
    └── InvalidMessage         422  a citizen message that cannot be processed as given

Each carries a log-worthy cause; the citizen gets text from ``app.texts``.
"""

from core.errors import HaloWargaError, InvalidInput, Unavailable

__all__ = ["AssistantUnavailable", "HaloWargaError", "InvalidMessage"]


class AssistantUnavailable(Unavailable):
    pass


class InvalidMessage(InvalidInput):
    def __init__(self, text_key: str, **params: object) -> None:
        super().__init__(text_key)
        self.text_key = text_key
        self.params = params
