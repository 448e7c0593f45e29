"""Privacy notice bookkeeping (UU PDP No. 27/2022, Ps.21-22): the notice is shown on
first contact and again whenever the policy version changes; each showing is logged."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Conversation, PrivacyNoticeLog


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
