"""Complaint intake in chat (pengaduan).

- :mod:`.reading`: what a message says (problem, place, corrections), parsed by core.lang
  and the service functions;
- :mod:`.form`: the form, one ``validate_<slot>`` per slot, on the shared machinery of
  :mod:`actions.forms.base` (answer first, no question three times);
- :mod:`.asking`: the questions; :mod:`.filing`: start and file; :mod:`.status`: status
  check and rating.
"""

from actions.complaint.asking import (
    ActionAskComplaintConfirm,
    ActionAskComplaintDescription,
    ActionAskComplaintDuplicateChoice,
    summary_values,
)
from actions.complaint.filing import ActionComplaintStart, ActionComplaintSubmit
from actions.complaint.form import ValidateComplaintForm
from actions.complaint.reading import FORM_SLOTS, NONE
from actions.complaint.status import (
    ActionComplaintRate,
    ActionComplaintSaveComment,
    ActionComplaintStatus,
    ValidateComplaintRatingForm,
)

__all__ = [
    "FORM_SLOTS",
    "NONE",
    "ActionAskComplaintConfirm",
    "ActionAskComplaintDescription",
    "ActionAskComplaintDuplicateChoice",
    "ActionComplaintRate",
    "ActionComplaintSaveComment",
    "ActionComplaintStart",
    "ActionComplaintStatus",
    "ActionComplaintSubmit",
    "ValidateComplaintForm",
    "ValidateComplaintRatingForm",
    "summary_values",
]
