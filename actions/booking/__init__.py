"""Facility booking in chat: availability, the booking form, cancel and reschedule by code.

- :mod:`.common`: now (the action context's clock), slot readers, buttons, summaries;
  :mod:`.checks`: the combination (hours, closed days, notice, capacity, free or taken) with
  the nearest free times;
- :mod:`.form`: the booking form on :mod:`actions.forms.base` (answer first, no question
  three times, corrections); :mod:`.manage`: cancel and reschedule forms;
- :mod:`.asking`: the questions and summaries; :mod:`.commit`: start, stop, carry out;
  :mod:`.availability`: "ada ... kosong?".
"""

from actions.booking.asking import ActionAskBookingConfirm, ActionAskBookingFacility
from actions.booking.availability import ActionCheckAvailability
from actions.booking.commit import ActionBookingCommit, ActionBookingReset, ActionBookingStop
from actions.booking.common import slot_payload
from actions.booking.form import ValidateBookingForm
from actions.booking.manage import ValidateCancelBookingForm, ValidateRescheduleBookingForm

__all__ = [
    "ActionAskBookingConfirm",
    "ActionAskBookingFacility",
    "ActionBookingCommit",
    "ActionBookingReset",
    "ActionBookingStop",
    "ActionCheckAvailability",
    "ValidateBookingForm",
    "ValidateCancelBookingForm",
    "ValidateRescheduleBookingForm",
    "slot_payload",
]
