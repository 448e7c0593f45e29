"""Every log record is masked before a handler sees it, and uvicorn's access lines still
format (its formatter unpacks the record's args)."""

from __future__ import annotations

import logging

from uvicorn.logging import AccessFormatter

from app.logging_setup import install_redaction

NIK = "3273014407900002"


def test_a_nik_and_a_phone_in_any_log_line_are_masked() -> None:
    install_redaction()
    record = logging.getLogger("halo.test").makeRecord(
        "halo.test", logging.INFO, __file__, 1, "citizen %s phone %s", (NIK, "081234567890"), None
    )
    line = record.getMessage()
    assert NIK not in line and "081234567890" not in line
    assert "NIK(0002)" in line


def test_uvicorn_access_lines_format_and_are_masked() -> None:
    install_redaction()
    args = ("127.0.0.1:5000", "GET", f"/api/x?nik={NIK}", "1.1", 200)
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', args, None
    )
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)
    assert "GET /api/x?nik=NIK(0002)" in line and "200" in line
    assert NIK not in line


def test_a_signed_web_session_id_is_logged_as_a_short_hash() -> None:
    from app.services import web_sessions
    from app.services.privacy import session_ref

    install_redaction()
    sid = web_sessions.issue("k" * 32)
    record = logging.getLogger("actions.inquiry").makeRecord(
        "actions.inquiry",
        logging.INFO,
        __file__,
        1,
        "FAQ answer %s for %s",
        ("ktp", f"web:{sid}"),
        None,
    )
    line = record.getMessage()
    assert sid not in line and sid.split("-")[-1] not in line
    assert line == f"FAQ answer ktp for web:{session_ref(sid)}"
    assert session_ref(sid) == session_ref(sid) != session_ref(web_sessions.issue("k" * 32))
