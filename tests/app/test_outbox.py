"""The outbox (app/services/outbox.py): written in the transaction of its cause, sent by
the worker with retries and backoff, dead letters, idempotency keys."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlmodel import Session, select

from app.models import MessageLog, OutboxMessage
from app.services import outbox
from app.services.conversations import get_or_create_conversation
from app.services.outbound import Outbound
from app.services.outbox import Policy
from app.services.outbox_worker import OutboxWorker
from core.message import OutgoingMessage

FAST = Policy(max_attempts=3, backoff_base_s=0.0)


class FlakySender:
    """Fails the first ``failures`` sends (all of them with failures=-1)."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls = 0
        self.sent: list[tuple[str, str]] = []

    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        self.calls += 1
        if self.failures < 0 or self.calls <= self.failures:
            raise RuntimeError("channel API down")
        self.sent.extend((user_id, m.text) for m in messages)


def rows(engine):
    with Session(engine) as s:
        return s.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def pushed_lines(engine, conversation_id):
    with Session(engine) as s:
        return s.exec(
            select(MessageLog.text).where(
                MessageLog.conversation_id == conversation_id, MessageLog.pushed
            )
        ).all()


def test_a_rolled_back_change_leaves_no_outbox_row(engine):
    with Session(engine) as s:
        conv = get_or_create_conversation(s, "telegram", "1")
        conv.mode = "agent"  # the change that causes the message
        s.add(conv)
        staged = outbox.stage(s, conv.id, [OutgoingMessage(text="x")], cause="test")
        assert staged is not None and staged.new
        s.rollback()
    assert rows(engine) == []
    assert pushed_lines(engine, "telegram:1") == []


async def test_retry_then_success(engine):
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "2")
    sender = FlakySender(failures=2)
    outbound = Outbound(engine, FAST)
    outbound.register("telegram", sender)
    assert not await outbound.push("telegram:2", [OutgoingMessage(text="Status: selesai")])
    (row,) = rows(engine)
    assert (row.status, row.attempts) == ("pending", 1) and "channel API down" in row.last_error
    worker = OutboxWorker(engine, outbound)
    assert await worker.send_due() == 0  # second attempt fails too
    assert await worker.send_due() == 1
    (row,) = rows(engine)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)
    assert sender.sent == [("2", "Status: selesai")]
    assert await worker.send_due() == 0  # nothing sent twice
    assert pushed_lines(engine, "telegram:2") == ["Status: selesai"]  # one transcript line


async def test_backoff_delays_the_next_attempt(engine):
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "3")
    outbound = Outbound(engine, Policy(backoff_base_s=60.0))
    outbound.register("telegram", FlakySender(failures=1))
    assert not await outbound.push("telegram:3", [OutgoingMessage(text="x")])
    assert await OutboxWorker(engine, outbound).send_due() == 0  # not due for a minute
    assert Policy(backoff_base_s=5).backoff(4).total_seconds() == 40
    assert Policy(backoff_base_s=5, backoff_max_s=60).backoff(10).total_seconds() == 60


async def test_dead_after_max_attempts_then_retried_by_a_supervisor(engine):
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "4")
    sender = FlakySender(failures=-1)
    outbound = Outbound(engine, FAST)
    outbound.register("telegram", sender)
    assert not await outbound.push("telegram:4", [OutgoingMessage(text="Tiket Anda")])
    worker = OutboxWorker(engine, outbound)
    for _ in range(5):
        await worker.send_due()
    assert sender.calls == 3  # max_attempts, then no more
    (row,) = rows(engine)
    assert row.status == "dead"
    with Session(engine) as s:
        assert outbox.stats(s) == (0, 1)
        assert [r.id for r in outbox.dead_letters(s)] == [row.id]
        assert outbox.retry(s, row.id)
        assert not outbox.retry(s, row.id)  # no longer dead
        assert outbox.stats(s) == (1, 0)
    sender.failures = 0
    assert await worker.send_due() == 1
    assert sender.sent == [("4", "Tiket Anda")]


async def test_duplicate_enqueue_is_a_no_op(engine):
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "5")
    sender = FlakySender()
    outbound = Outbound(engine, FAST)
    outbound.register("telegram", sender)
    key = outbox.make_key("telegram:5", "complaint:ADU-1:status", 7)
    for _ in range(3):
        assert await outbound.push("telegram:5", [OutgoingMessage(text="Diproses")], key=key)
    with Session(engine) as s:
        again = outbox.stage(
            s, "telegram:5", [OutgoingMessage(text="Diproses")], cause="x", key=key
        )
        s.commit()
    assert again is not None and not again.new
    assert len(rows(engine)) == 1
    assert sender.sent == [("5", "Diproses")]
    assert pushed_lines(engine, "telegram:5") == ["Diproses"]


async def test_order_is_kept_per_conversation(engine):
    """A message waits while an earlier one to the same conversation is being retried."""
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "6")
        get_or_create_conversation(s, "telegram", "7")
    sender = FlakySender(failures=1)
    outbound = Outbound(engine, Policy(backoff_base_s=60.0))
    outbound.register("telegram", sender)
    assert not await outbound.push("telegram:6", [OutgoingMessage(text="first")])
    assert not await outbound.push("telegram:6", [OutgoingMessage(text="second")])
    assert await outbound.push("telegram:7", [OutgoingMessage(text="other")])
    assert sender.sent == [("7", "other")]
    assert [r.status for r in rows(engine)] == ["pending", "pending", "sent"]


async def test_polling_channel_rows_are_done_at_once(engine):
    with Session(engine) as s:
        get_or_create_conversation(s, "web", "abc")
    outbound = Outbound(engine)
    assert await outbound.push("web:abc", [OutgoingMessage(text="Laporan selesai")])
    assert [r.status for r in rows(engine)] == ["sent"]
    with Session(engine) as s:
        assert outbox.stats(s) == (0, 0)


async def test_a_lapsed_claim_is_taken_again(engine):
    """A worker that died mid-send: its row is sent again once the claim lapses."""
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "8")
        outbox.stage(s, "telegram:8", [OutgoingMessage(text="x")], cause="t", key="k8")
        s.commit()
    first = outbox.claim(engine, policy=Policy(lease_s=-1))  # claimed, then "crashed"
    assert [r.key for r in first] == ["k8"]
    sender = FlakySender()
    outbound = Outbound(engine)
    outbound.register("telegram", sender)
    assert await OutboxWorker(engine, outbound).send_due() == 1
    assert sender.sent == [("8", "x")]


def test_standalone_worker_sends_due_rows(engine, settings):
    """``python -m app.workers.outbox --once`` on the same database as the app."""
    with Session(engine) as s:
        get_or_create_conversation(s, "web", "standalone")
        outbox.stage(s, "web:standalone", [OutgoingMessage(text="x")], cause="t", key="k-sa")
        s.commit()
    env = {
        **os.environ,
        "HALO_ENVIRONMENT": "test",
        "HALO_RUNTIME_DIR": str(settings.runtime_dir),
        "HALO_DATABASE_URL": settings.database_url,
    }
    done = subprocess.run(
        [sys.executable, "-m", "app.workers.outbox", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 sent" in done.stderr
    assert [r.status for r in rows(engine)] == ["sent"]
