"""Domain models (SQLModel tables). Every table module is imported here so that
Alembic and ``SQLModel.metadata`` see all of them."""

from app.models.booking import Booking, BookingPublic, BookingStatus, FacilityClosure
from app.models.complaint import (
    Complaint,
    ComplaintFollower,
    ComplaintHistory,
    ComplaintStatus,
    Privacy,
    TicketCounter,
)
from app.models.conversation import Conversation, ConversationMode, MessageLog, PrivacyNoticeLog
from app.models.handoff import (
    AuditEntry,
    CannedReply,
    ConsoleSession,
    HandoffNote,
    HandoffRequest,
    HandoffStatus,
)
from app.models.outbox import OutboxMessage, OutboxStatus, PendingTurn
from app.models.staff import StaffPublic, StaffRole, StaffUser

__all__ = [
    "AuditEntry",
    "Booking",
    "BookingPublic",
    "BookingStatus",
    "CannedReply",
    "Complaint",
    "ComplaintFollower",
    "ComplaintHistory",
    "ComplaintStatus",
    "ConsoleSession",
    "Conversation",
    "ConversationMode",
    "FacilityClosure",
    "HandoffNote",
    "HandoffRequest",
    "HandoffStatus",
    "MessageLog",
    "OutboxMessage",
    "OutboxStatus",
    "PendingTurn",
    "Privacy",
    "PrivacyNoticeLog",
    "StaffPublic",
    "StaffRole",
    "StaffUser",
    "TicketCounter",
]
