"""Exceptions of the app server.

    HaloWargaError
    ├── AssistantUnavailable   Rasa (or the action server) cannot be reached
    └── InvalidMessage         a citizen message that cannot be processed as given

Each carries a log-worthy cause; the citizen gets text from ``app.texts``.
"""


class HaloWargaError(Exception):
    """Base of every error raised by the app."""


class AssistantUnavailable(HaloWargaError):
    pass


class InvalidMessage(HaloWargaError):
    def __init__(self, text_key: str, **params: object) -> None:
        super().__init__(text_key)
        self.text_key = text_key
        self.params = params
