"""``python -m app.workers.outbox``: the outbox worker as a process of its own.

Sends due outbox rows through the channels configured in the environment (the same
``HALO_*`` settings as the app; Telegram and WhatsApp are used for sending only: no
polling, no webhook here), with retries, backoff and dead letters
(app/services/outbox.py). Several may run: each row is claimed by one worker.

``--replay`` also replays the turns kept while Rasa was down, under the conversation
locks; use it only with ``HALO_REDIS_URL`` set (the locks then hold across processes),
else the app processes replay them themselves (``HALO_OUTBOX_INTERVAL_S`` > 0, or the
conversation's next message).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from app.config import Settings, get_settings
from app.db import make_engine
from app.rasa_client import RasaClient
from app.services.outbound import Outbound
from app.services.outbox_worker import OutboxWorker, policy
from app.services.shared_state import ConversationLocks, build_state
from channels import telegram, whatsapp
from channels.intake import Intake
from core.message import IncomingMessage, OutgoingMessage

log = logging.getLogger("app.workers.outbox")


class NoConversations:
    """The channels' inbound side is not used here."""

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        raise RuntimeError("the outbox worker takes no citizen messages")


async def register_senders(settings: Settings, outbound: Outbound, engine: object) -> list[object]:
    """Senders of the configured channels; returns what to close at the end."""
    intake = Intake(settings.runtime_dir, stt=lambda: None)
    opened: list[object] = []
    if telegram.configured(settings):
        bot = telegram.TelegramChannel(settings, NoConversations(), intake)
        await bot.application.initialize()
        outbound.register(telegram.CHANNEL, bot)
        opened.append(bot.application)
    if whatsapp.configured(settings):
        wa = whatsapp.WhatsAppChannel(settings, NoConversations(), intake, engine)  # type: ignore[arg-type]
        outbound.register(whatsapp.CHANNEL, wa)
        opened.append(wa)
    return opened


async def run(settings: Settings, *, replay: bool, once: bool) -> int:
    engine = make_engine(settings)
    outbound = Outbound(engine, policy(settings))
    opened = await register_senders(settings, outbound, engine)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s, settings.rasa_token)
    state = build_state(settings)
    if replay and not settings.redis_url:
        log.warning("outbox worker: --replay without HALO_REDIS_URL: locks of this process only")
    worker = OutboxWorker(
        engine,
        outbound,
        rasa=rasa if replay else None,
        locks=ConversationLocks(state),
        interval_s=settings.outbox_interval_s if settings.outbox_interval_s > 0 else 2.0,
    )
    log.info(
        "outbox worker: database %s, channels %s", engine.dialect.name, sorted(outbound.senders)
    )
    try:
        if once:
            sent, replayed = await worker.run_once()
            log.info("outbox worker: %d sent, %d turns replayed", sent, replayed)
            return 0
        task = asyncio.create_task(worker.run())
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return 0
    finally:
        for item in opened:
            with contextlib.suppress(Exception):
                if isinstance(item, whatsapp.WhatsAppChannel):
                    await item.stop()
                else:
                    await item.shutdown()  # type: ignore[attr-defined]
        await rasa.aclose()
        await state.aclose()
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.workers.outbox", description=__doc__)
    parser.add_argument("--replay", action="store_true", help="also replay kept turns")
    parser.add_argument("--once", action="store_true", help="one round, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return asyncio.run(run(get_settings(), replay=args.replay, once=args.once))


if __name__ == "__main__":
    raise SystemExit(main())
