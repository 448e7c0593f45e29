"""Citizen-facing text about a ticket (``texts/id/complaints.yml``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from app.models import Complaint, ComplaintStatus
from app.services.complaints.routing import routing
from core.texts import section


def texts() -> dict[str, Any]:
    """The complaints block of the catalogue (labels, summary words, the words citizens use)."""
    return section("complaints")


def status_label(status: ComplaintStatus | str) -> str:
    return str(texts()["status_labels"][ComplaintStatus(status).value])


def status_update_text(complaint: Complaint) -> str:
    """The message pushed to the reporter when staff change the status."""
    status = ComplaintStatus(complaint.status)
    t = texts()
    msg = str(t["status_update"]).format(
        code=complaint.ticket_code,
        label=status_label(status),
        dinas=routing().dinas_name(complaint.dinas_code),
    )
    if complaint.status_reason:
        msg += " " + str(t["status_reason"]).format(reason=complaint.status_reason)
    if status is ComplaintStatus.SELESAI:
        msg += " " + str(t["rating_request"])
    return msg


def format_date(d: date) -> str:
    months = texts()["months"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def year_now() -> int:
    return datetime.now(UTC).year
