"""The load test's check afterwards (scripts/load_test.py): every conversation complete and
consistent in the app's PostgreSQL database."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from scripts.load_citizens import Citizen

PG = "postgresql+psycopg://postgres@127.0.0.1:5432"


def check(app_db: str, citizens: list[Citizen]) -> dict[str, object]:
    """Every conversation complete and consistent in the database."""
    engine = create_engine(f"{PG}/{app_db}")
    problems: list[str] = []
    with engine.connect() as conn:

        def q(sql: str, **params: object) -> list[tuple]:
            return [tuple(r) for r in conn.execute(text(sql), params).all()]

        for c in citizens:
            conv = f"web:{c.session_id}"
            ins = [
                r[0]
                for r in q(
                    "SELECT channel_message_id FROM messagelog WHERE conversation_id = :c "
                    "AND direction = 'in' ORDER BY id",
                    c=conv,
                )
            ]
            if ins != c.sent:
                problems.append(f"{conv}: transcript in {len(ins)} vs sent {len(c.sent)}")
            (outs,) = q(
                "SELECT count(*) FROM messagelog WHERE conversation_id = :c AND direction = 'out'"
                " AND NOT pushed",
                c=conv,
            )[0]
            if outs != c.replies:
                problems.append(f"{conv}: {outs} replies stored vs {c.replies} received")
            if c.kind == "complaint":
                stored = [
                    r[0]
                    for r in q(
                        "SELECT ticket_code FROM complaint WHERE reporter_conversation_id = :c",
                        c=conv,
                    )
                ]
                if sorted(stored) != sorted(c.codes):
                    problems.append(f"{conv}: tickets {stored} vs given {c.codes}")
            if c.kind == "booking":
                stored = [r[0] for r in q("SELECT code FROM booking WHERE owner_id = :c", c=conv)]
                if sorted(stored) != sorted(c.codes):
                    problems.append(f"{conv}: bookings {stored} vs given {c.codes}")
        totals = {
            "tickets": q("SELECT count(*) FROM complaint")[0][0],
            "bookings": q("SELECT count(*) FROM booking")[0][0],
            "transcript_rows": q("SELECT count(*) FROM messagelog")[0][0],
            "outbox": dict(q("SELECT status, count(*) FROM outbox GROUP BY status")),
            "kept_turns": q("SELECT count(*) FROM pendingturn")[0][0],
        }
        given_tickets = sum(len(c.codes) for c in citizens if c.kind == "complaint")
        given_bookings = sum(len(c.codes) for c in citizens if c.kind == "booking")
        if totals["tickets"] != given_tickets:
            problems.append(f"{totals['tickets']} tickets stored, {given_tickets} given")
        if totals["bookings"] != given_bookings:
            problems.append(f"{totals['bookings']} bookings stored, {given_bookings} given")
        outbox = totals["outbox"]
        assert isinstance(outbox, dict)
        if set(outbox) - {"sent"}:
            problems.append(f"outbox not all sent: {outbox}")
        if totals["kept_turns"]:
            problems.append(f"{totals['kept_turns']} turns kept for replay")
        dup = q(
            "SELECT conversation_id, channel_message_id FROM messagelog WHERE channel_message_id"
            " IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1"
        )
        if dup:
            problems.append(f"{len(dup)} citizen messages stored twice")
    engine.dispose()
    return {"problems": problems, **totals}
