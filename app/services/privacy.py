"""Personal data in citizens' text (UU PDP No. 27/2022) and the privacy notice.

- A NIK never travels or rests in clear: :func:`tokenise_niks` replaces every run of 16
  digits (spaces, dots or dashes allowed inside) in a citizen's text, before it is stored
  or sent to Rasa, by ``NIK#<hmac, 32 hex>#<last 4 digits>#<v|x>`` (``v``: a valid NIK by
  python-stdnum, ``x``: not). The HMAC is :func:`nik_hmac`, keyed by the app's secret key
  (outside the database), the one a filed complaint stores.
- :func:`redact` masks NIKs and phone numbers in log lines (see app/logging_setup.py).
- The privacy notice (Ps.21-22) is shown on first contact and again whenever the policy
  version changes; each showing is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from sqlmodel import Session, select
from stdnum.id import nik as stdnum_nik

from app.models import Conversation, PrivacyNoticeLog

NIK_HMAC_HEX_CHARS = 32
# 16 digits, single spaces/dots/dashes allowed between them, not part of a longer number
NIK_RUN_RE = re.compile(r"(?<![\d])\d(?:[ .\-]?\d){15}(?!\d)")
NIK_TOKEN_RE = re.compile(r"NIK#(?P<hmac>[0-9a-f]{32})#(?P<last4>\d{4})#(?P<valid>[vx])")
# Indonesian phone numbers as people write them: 08.., +62.., 62.. (separators allowed)
PHONE_RE = re.compile(r"(?<![\d])(?:\+?62[ .\-]?|0)8(?:[ .\-]?\d){7,12}(?!\d)")


def nik_hmac(secret_key: str, nik: str) -> str:
    """The keyed fingerprint of a NIK (16 digits, compact): the one value ever stored."""
    digest = hmac.new(secret_key.encode(), nik.encode(), hashlib.sha256).hexdigest()
    return digest[:NIK_HMAC_HEX_CHARS]


def nik_token(secret_key: str, nik: str) -> str:
    digits = re.sub(r"\D", "", nik)
    flag = "v" if stdnum_nik.is_valid(digits) else "x"
    return f"NIK#{nik_hmac(secret_key, digits)}#{digits[-4:]}#{flag}"


def tokenise_niks(text: str, secret_key: str) -> str:
    """``text`` with every 16-digit run replaced by its NIK token."""
    return NIK_RUN_RE.sub(lambda m: nik_token(secret_key, m.group(0)), text)


def mask_nik_tokens(text: str) -> str:
    """For people (officers, the citizen's own export): a token shown as ``NIK ****1234``."""
    return NIK_TOKEN_RE.sub(lambda m: f"NIK ************{m.group('last4')}", text)


def _mask_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return digits[:4] + "*" * (len(digits) - 7) + digits[-3:]


# A signed web session id (app/services/web_sessions.py): whoever holds it can read that
# conversation's pushed messages (GET /api/chat/{id}/updates), so logs never carry it.
WEB_SESSION_RE = re.compile(r"(?<![0-9a-f])[0-9a-f]{24}-[0-9a-f]{1,12}-[0-9a-f]{24}(?![0-9a-f])")


def session_ref(session_id: str) -> str:
    """A web session id as logs show it: a short hash (the same for the same session, so
    one conversation's lines still go together; it opens nothing)."""
    return "ws#" + hashlib.sha256(session_id.encode()).hexdigest()[:10]


def redact(text: str) -> str:
    """A log line without NIKs (even tokens keep only the last 4), full phone numbers or
    signed web session ids (a short hash instead)."""
    text = WEB_SESSION_RE.sub(lambda m: session_ref(m.group(0)), text)
    text = NIK_RUN_RE.sub(lambda m: "NIK(" + re.sub(r"\D", "", m.group(0))[-4:] + ")", text)
    text = NIK_TOKEN_RE.sub(lambda m: "NIK(" + m.group("last4") + ")", text)
    return PHONE_RE.sub(_mask_phone, text)


def notice_needed(session: Session, conversation_id: str, policy_version: str) -> bool:
    stmt = select(PrivacyNoticeLog.id).where(
        PrivacyNoticeLog.conversation_id == conversation_id,
        PrivacyNoticeLog.policy_version == policy_version,
    )
    return session.exec(stmt).first() is None


def record_notice_shown(session: Session, conversation_id: str, policy_version: str) -> None:
    if session.get(Conversation, conversation_id) is None:
        # A sender that reached Rasa without the app (e.g. rasa shell): register it.
        channel, _, external_id = conversation_id.partition(":")
        session.add(
            Conversation(
                id=conversation_id,
                channel=channel or "unknown",
                external_id=external_id or conversation_id,
            )
        )
        session.flush()
    session.add(PrivacyNoticeLog(conversation_id=conversation_id, policy_version=policy_version))
    session.commit()
