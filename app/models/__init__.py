"""Domain models (SQLModel tables). Every table module is imported here so that
Alembic and ``SQLModel.metadata`` see all of them."""

from app.models.conversation import Conversation, ConversationMode, MessageLog, PrivacyNoticeLog
from app.models.staff import StaffPublic, StaffRole, StaffUser

__all__ = [
    "Conversation",
    "ConversationMode",
    "MessageLog",
    "PrivacyNoticeLog",
    "StaffPublic",
    "StaffRole",
    "StaffUser",
]
