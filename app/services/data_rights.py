"""Citizens' rights in chat, on every channel (UU PDP No. 27/2022): "lihat data saya"
(a summary and a download link), "hapus data saya" (erasure after a confirmation).
Corrections go through an officer (the summary says so). The app answers these itself,
before the assistant, so no NLU model can mistake them (e.g. for a booking cancellation).

The pending confirmation is the audit log itself: ``data_erasure_requested`` as the
conversation's last rights entry, younger than ``CONFIRM_WINDOW``; the very next message
either confirms it or withdraws it.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, timedelta
from functools import cache
from pathlib import Path

import yaml
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.config import ROOT_DIR, Settings
from app.models import AuditEntry
from app.models.base import utcnow
from app.services import personal_data
from core.lang.answers import yes_no
from core.lang.text import normalise
from core.message import Button, OutgoingMessage
from core.texts import t

PATTERNS_FILE: Path = ROOT_DIR / "app" / "data" / "data_rights.yml"
EXPORT_SALT = "privacy-export"
CONFIRM_WINDOW = timedelta(minutes=10)
ASSISTANT = "assistant"
RIGHTS_ACTIONS = ("data_erasure_requested", "data_erasure", "data_erasure_withdrawn")


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    with PATTERNS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, list[str]] = yaml.safe_load(fh)
    return {key: [re.compile(p) for p in values] for key, values in data.items()}


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s,]", " ", text.lower()).split())


def matches(kind: str, text: str) -> bool:
    """``text`` lower-cased without punctuation, or with chat spellings folded ("hapus aja
    semua data sy" -> "hapus saja semua data saya"), matches one of ``kind``'s patterns."""
    forms = {_normalise(text), normalise(text)}
    return any(p.search(norm) for p in _patterns()[kind] for norm in forms if norm)


def export_token(settings: Settings, conversation_id: str) -> str:
    return URLSafeTimedSerializer(settings.secret_key, salt=EXPORT_SALT).dumps(conversation_id)


def conversation_from_export_token(settings: Settings, token: str) -> str | None:
    try:
        value = URLSafeTimedSerializer(settings.secret_key, salt=EXPORT_SALT).loads(
            token, max_age=settings.privacy_export_ttl_s
        )
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def export_link(settings: Settings, conversation_id: str) -> str:
    path = f"/api/privacy/export/{export_token(settings, conversation_id)}"
    return settings.public_url.rstrip("/") + path


class DataRights:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def answer(
        self, conversation_id: str, text: str, session: Session | None = None
    ) -> list[OutgoingMessage] | None:
        """The reply when ``text`` exercises a right (or answers the confirmation), else
        None (the message goes on to the assistant). In ``session`` when given (the turn's
        own, app/services/conversations.py), else in a session of its own."""
        if session is None:
            with Session(self.engine) as own:
                return self.answer(conversation_id, text, own)
        if self._pending(session, conversation_id):
            # the answer to "Lanjutkan?" wins: the button, or a plain yes ("iya", "boleh",
            # "nggih") or no ("nggak usah", "jangan dulu") as people answer a question
            said = yes_no(text)
            if matches("confirm", text) or said is True:
                return [self._erase(session, conversation_id)]
            personal_data.audit(session, "data_erasure_withdrawn", conversation_id, ASSISTANT)
            session.commit()
            if matches("cancel", text) or said is False:
                return [OutgoingMessage(text=t("app.rights_erase_cancelled"))]
        if matches("erase", text):
            personal_data.audit(session, "data_erasure_requested", conversation_id, ASSISTANT)
            session.commit()
            buttons = [
                Button(title=t("app.rights_erase_yes"), payload=t("app.rights_erase_yes").lower()),
                Button(title=t("app.rights_erase_no"), payload=t("app.rights_erase_no").lower()),
            ]
            return [OutgoingMessage(text=t("app.rights_erase_confirm"), buttons=buttons)]
        if matches("see", text):
            return [self._summary(session, conversation_id)]
        return None

    def _pending(self, session: Session, conversation_id: str) -> bool:
        last = session.exec(
            select(AuditEntry)
            .where(
                AuditEntry.conversation_id == conversation_id,
                col(AuditEntry.action).in_(RIGHTS_ACTIONS),
            )
            .order_by(col(AuditEntry.id).desc())
            .limit(1)
        ).first()
        if last is None or last.action != "data_erasure_requested":
            return False
        at = last.at if last.at.tzinfo else last.at.replace(tzinfo=UTC)
        return utcnow() - at <= CONFIRM_WINDOW

    def _summary(self, session: Session, conversation_id: str) -> OutgoingMessage:
        counts = personal_data.summary(session, conversation_id)
        personal_data.audit(session, "data_access", conversation_id, ASSISTANT, **counts)
        session.commit()
        params: dict[str, object] = {
            "link": export_link(self.settings, conversation_id),
            "minutes": self.settings.privacy_export_ttl_s // 60,
            **counts,
        }
        return OutgoingMessage(text=t("app.rights_summary", **params))

    def _erase(self, session: Session, conversation_id: str) -> OutgoingMessage:
        erased = personal_data.erase_conversation(
            session, self.settings, conversation_id, actor="citizen"
        )
        params: dict[str, object] = asdict(erased)
        return OutgoingMessage(text=t("app.rights_erase_done", **params))
