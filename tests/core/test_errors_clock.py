"""The one error tree (core.errors) and the clock (core.clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import errors as app_errors
from app.services import bookings, complaints, handoff, media, staff
from channels import whatsapp_graph
from core import errors
from core.clock import FixedClock, utcnow
from voice.errors import AudioRejected, SpeechUnavailable, VoiceError


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (app_errors.AssistantUnavailable("down"), 503),
        (app_errors.InvalidMessage("empty"), 422),
        (complaints.ComplaintError("photo_missing"), 500),
        (complaints.InvalidComplaintInput("phone", "phone_invalid"), 422),
        (complaints.ComplaintNotFound("LPR-2026-000001"), 404),
        (complaints.InvalidTransition("transition_not_allowed"), 409),
        (bookings.SlotTaken([]), 409),
        (handoff.HandoffError("text_empty"), 422),
        (handoff.NotFound("no request"), 404),
        (handoff.Forbidden("not yours"), 403),
        (handoff.Conflict("claimed"), 409),
        (staff.StaffAuthError("bad token"), 401),
        (media.MediaRejected("too_large"), 422),
        (whatsapp_graph.GraphError(400, "bad"), 503),
        (AudioRejected("too_large", max_mb=25), 413),
        (AudioRejected("unreadable"), 422),
        (SpeechUnavailable("model"), 503),
    ],
)
def test_every_domain_error_is_in_the_tree_with_its_status(
    error: errors.HaloWargaError, status: int
) -> None:
    assert isinstance(error, errors.HaloWargaError)
    assert error.status == status


def test_domain_errors_keep_their_own_fields() -> None:
    taken = bookings.SlotTaken([], facility="aula")
    assert (taken.code, taken.params, taken.alternatives) == (
        "slot_taken",
        {"facility": "aula"},
        [],
    )
    missing = complaints.ComplaintNotFound("LPR-2026-000001")
    assert (missing.key, isinstance(missing, complaints.ComplaintError)) == (
        "ticket_not_found",
        True,
    )
    assert isinstance(handoff.NotFound("x"), handoff.HandoffError)
    assert issubclass(VoiceError, errors.HaloWargaError)
    assert whatsapp_graph.GraphError(400, "bad").vendor_status == 400


def test_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    assert clock() == clock() == datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    clock.advance(timedelta(minutes=5))
    assert clock() == datetime(2026, 12, 2, 8, 5, tzinfo=UTC)
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 12, 2, 8, 0))
    assert utcnow().tzinfo is UTC


def test_a_clock_running_from_a_pinned_start() -> None:
    from core.clock import running_from

    real = FixedClock(datetime(2027, 3, 1, 0, 0, tzinfo=UTC))
    clock = running_from(datetime(2026, 12, 7, 2, 0, tzinfo=UTC), base=real)
    assert clock() == datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    real.advance(timedelta(minutes=5))  # it runs on at the real pace
    assert clock() == datetime(2026, 12, 7, 2, 5, tzinfo=UTC)
    with pytest.raises(ValueError, match="aware"):
        running_from(datetime(2026, 12, 7, 2, 0))
