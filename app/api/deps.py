"""Request-scoped dependencies, all read from the app's one context (``app.state.ctx``,
:class:`app.context.AppContext`).

The ones that only read the context are ``async``: FastAPI runs a plain ``def`` dependency
in a worker thread, and a turn (``POST /api/chat``) paid three thread hops for them. The
database session stays a plain generator (opening it may block)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.context import AppContext, context_of
from app.services.conversations import ConversationService
from app.services.facilities import Catalogue
from app.services.handoff import HandoffService
from app.services.outbound import Outbound


async def get_ctx(request: Request) -> AppContext:
    return context_of(request.app.state)


CtxDep = Annotated[AppContext, Depends(get_ctx)]


def get_db(ctx: CtxDep) -> Iterator[Session]:
    with ctx.session() as session:
        yield session


async def get_conversations(ctx: CtxDep) -> ConversationService:
    return ctx.need_conversations()


async def get_app_settings(ctx: CtxDep) -> Settings:
    return ctx.settings


async def get_facilities(ctx: CtxDep) -> Catalogue:
    return ctx.facilities


async def get_outbound(ctx: CtxDep) -> Outbound:
    return ctx.need_outbound()


async def get_handoff(ctx: CtxDep) -> HandoffService:
    return ctx.need_handoff()


SessionDep = Annotated[Session, Depends(get_db)]
ConversationsDep = Annotated[ConversationService, Depends(get_conversations)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
FacilitiesDep = Annotated[Catalogue, Depends(get_facilities)]
OutboundDep = Annotated[Outbound, Depends(get_outbound)]
HandoffDep = Annotated[HandoffService, Depends(get_handoff)]
