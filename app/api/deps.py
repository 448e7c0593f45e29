"""Request-scoped dependencies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.services.conversations import ConversationService
from app.services.outbound import Outbound


def get_db(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


def get_conversations(request: Request) -> ConversationService:
    service: ConversationService = request.app.state.conversations
    return service


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_outbound(request: Request) -> Outbound:
    outbound: Outbound = request.app.state.outbound
    return outbound


SessionDep = Annotated[Session, Depends(get_db)]
ConversationsDep = Annotated[ConversationService, Depends(get_conversations)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
OutboundDep = Annotated[Outbound, Depends(get_outbound)]
