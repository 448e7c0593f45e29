"""The citizen's copy of their data: the signed, expiring link "lihat data saya" gives
(app/services/data_rights.py). Each download is logged for audit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from app.api.deps import SessionDep, SettingsDep
from app.services import personal_data
from app.services.data_rights import conversation_from_export_token
from core.errors import NotFound

router = APIRouter(prefix="/api/privacy", tags=["privacy"])


@router.get("/export/{token}")
def export(token: str, db: SessionDep, settings: SettingsDep) -> JSONResponse:
    conversation_id = conversation_from_export_token(settings, token)
    if conversation_id is None:
        raise NotFound("link_invalid_or_expired")
    data: dict[str, Any] = personal_data.export(db, conversation_id)
    personal_data.audit(db, "data_export", conversation_id, "citizen")
    db.commit()
    return JSONResponse(
        jsonable_encoder(data),
        headers={
            "Content-Disposition": 'attachment; filename="data-saya.json"',
            "Cache-Control": "no-store",
        },
    )
