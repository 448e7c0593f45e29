"""Complaints (pengaduan): one set of service functions for every entry point.

The chat actions, the staff API and Open311 all call these functions; none writes SQL
of its own. Routing (category -> dinas -> SLA in working days) and the sample city's
area are data: ``app/data/complaint_categories.yml`` and ``app/data/sample_city.yml``.

The package is split by job; ``from app.services import complaints`` gives every name:

- :mod:`.routing`     categories, dinas, the city's area, working days (SLA);
- :mod:`.parsing`     the citizen's input: category, description, place, NIK, phone, code;
- :mod:`.duplicates`  probably the same report (nearby, same category, still open);
- :mod:`.tickets`     filing (ticket number, quota, idempotency) and reading tickets;
- :mod:`.workflow`    status changes, another dinas, rating, followers;
- :mod:`.wording`     citizen-facing text about a ticket;
- :mod:`.errors`      the errors below.

Errors::

    ComplaintError                 base; ``key`` names the Indonesian text for the citizen
    ├── InvalidComplaintInput      a field the citizen gave cannot be used (``field``)
    ├── ComplaintNotFound          no ticket with that number
    └── InvalidTransition          a status change the workflow does not allow
"""

from __future__ import annotations

from app.models import Privacy  # reached through this module by callers
from app.services.complaints.duplicates import (
    DUPLICATE_RADIUS_M,
    DUPLICATE_WINDOW_DAYS,
    address_key,
    find_duplicates,
    same_street,
)
from app.services.complaints.errors import (
    ComplaintError,
    ComplaintNotFound,
    InvalidComplaintInput,
    InvalidTransition,
)
from app.services.complaints.parsing import (
    DESCRIPTION_MAX_CHARS,
    DESCRIPTION_MIN_CHARS,
    OPEN311_DESCRIPTION_MAX_CHARS,
    TICKET_RE,
    PlaceInfo,
    better_category,
    clean_description,
    distance_m,
    mask_nik,
    nik_fingerprint,
    parse_ticket_code,
    place_from_point,
    place_from_text,
    recognise_category,
    validate_nik,
    validate_phone,
)
from app.services.complaints.routing import (
    DATA_DIR,
    Category,
    City,
    Kelurahan,
    RoutingTable,
    add_working_days,
    city,
    routing,
    warm_up,
)
from app.services.complaints.tickets import (
    CHANNEL_NAMES,
    MAX_COMPLAINTS_PER_DAY,
    TICKET_PREFIX,
    ComplaintDraft,
    ComplaintFilters,
    allocate_ticket,
    count_recent_by_reporter,
    create_complaint,
    get_by_code,
    get_by_idempotency_key,
    history,
    is_reporter,
    list_complaints,
    merged_links,
)
from app.services.complaints.wording import (
    format_date,
    status_label,
    status_update_text,
    texts,
    year_now,
)
from app.services.complaints.workflow import (
    LOW_RATING,
    NEEDS_REASON,
    TRANSITIONS,
    assign_dinas,
    audience,
    change_status,
    follow,
    rate,
    set_rating_comment,
)
from app.services.privacy import nik_hmac  # reached through this module by callers

__all__ = [
    "CHANNEL_NAMES",
    "DATA_DIR",
    "DESCRIPTION_MAX_CHARS",
    "DESCRIPTION_MIN_CHARS",
    "DUPLICATE_RADIUS_M",
    "DUPLICATE_WINDOW_DAYS",
    "LOW_RATING",
    "MAX_COMPLAINTS_PER_DAY",
    "NEEDS_REASON",
    "OPEN311_DESCRIPTION_MAX_CHARS",
    "TICKET_PREFIX",
    "TICKET_RE",
    "TRANSITIONS",
    "Category",
    "City",
    "ComplaintDraft",
    "ComplaintError",
    "ComplaintFilters",
    "ComplaintNotFound",
    "InvalidComplaintInput",
    "InvalidTransition",
    "Kelurahan",
    "PlaceInfo",
    "Privacy",
    "RoutingTable",
    "add_working_days",
    "address_key",
    "allocate_ticket",
    "assign_dinas",
    "audience",
    "better_category",
    "change_status",
    "city",
    "clean_description",
    "count_recent_by_reporter",
    "create_complaint",
    "distance_m",
    "find_duplicates",
    "follow",
    "format_date",
    "get_by_code",
    "get_by_idempotency_key",
    "history",
    "is_reporter",
    "list_complaints",
    "mask_nik",
    "merged_links",
    "nik_fingerprint",
    "nik_hmac",
    "parse_ticket_code",
    "place_from_point",
    "place_from_text",
    "rate",
    "recognise_category",
    "routing",
    "same_street",
    "set_rating_comment",
    "status_label",
    "status_update_text",
    "texts",
    "validate_nik",
    "validate_phone",
    "warm_up",
    "year_now",
]
