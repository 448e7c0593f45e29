"""Domain models (SQLModel tables). Every table module is imported here so that
Alembic and ``SQLModel.metadata`` see all of them."""

from app.models.complaint import (
    Complaint,
    ComplaintFollower,
    ComplaintHistory,
    ComplaintStatus,
    Privacy,
    TicketCounter,
)
from app.models.conversation import Conversation, ConversationMode, MessageLog, PrivacyNoticeLog
from app.models.staff import StaffPublic, StaffRole, StaffUser

__all__ = [
    "Complaint",
    "ComplaintFollower",
    "ComplaintHistory",
    "ComplaintStatus",
    "Conversation",
    "ConversationMode",
    "MessageLog",
    "Privacy",
    "PrivacyNoticeLog",
    "StaffPublic",
    "StaffRole",
    "StaffUser",
    "TicketCounter",
]
