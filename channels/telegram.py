"""Telegram channel, with python-telegram-bot (v22).

Local use: long polling (``HALO_TELEGRAM_MODE=polling``); one process of a deployment
polls, the others set ``HALO_TELEGRAM_POLLING=false`` and only send. Production: Telegram
calls ``POST /channels/telegram/webhook`` on any instance and proves itself with the secret
token set at ``setWebhook`` (header ``X-Telegram-Bot-Api-Secret-Token``); anything else is
refused.

The adapter turns Telegram updates into the one :class:`~core.message.IncomingMessage`
(text, inline-button taps, shared locations, photos, voice notes) and the assistant's
:class:`~core.message.OutgoingMessage` list back into Telegram messages with inline
keyboards. Photos and voice notes are downloaded with ``getFile`` and stored by content
(app/services/media.py); voice notes are transcribed with ``app.state.stt`` and the
citizen is shown what was understood.

Requests to Telegram are retried on 429 (after ``retry_after``) and on 5xx / connection
errors, with exponential backoff; a redelivered update (same ``update_id``) is ignored,
and the transcript ignores a message id it has already seen.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import Any, Protocol

from fastapi import APIRouter, HTTPException, Request, Response
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from app.config import Settings
from channels.intake import Intake, MediaOutcome
from channels.telegram_retry import RetryingLimiter
from channels.toolkit import reply_turn, stores_for, system_message
from core.message import Button, IncomingMessage, Location, OutgoingMessage, split_text
from core.texts import t

log = logging.getLogger(__name__)

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TEXT = 4096  # Telegram's limit for one message
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
ALLOWED_UPDATES = ["message", "callback_query"]
COMMANDS = {"start": "/greet", "bantuan": "/help", "help": "/help"}  # -> Rasa intents
TYPING_REFRESH_S = 4.5  # Telegram shows "typing..." for 5 s per sendChatAction


class Conversations(Protocol):
    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]: ...


class TelegramChannel:
    """One bot: the PTB application, its handlers, and the proactive sender."""

    def __init__(
        self,
        settings: Settings,
        conversations: Conversations,
        intake: Intake,
        *,
        retry_base_delay_s: float = 0.5,
    ) -> None:
        self.mode = settings.telegram_mode
        self.secret = settings.telegram_webhook_secret
        self.webhook_url = settings.telegram_webhook_url
        self.conversations = conversations
        self.intake = intake
        builder = (
            Application.builder()
            .token(settings.telegram_token)
            .base_url(settings.telegram_api_base_url)
            .base_file_url(settings.telegram_file_base_url)
            .rate_limiter(RetryingLimiter(base_delay_s=retry_base_delay_s))
            .concurrent_updates(True)  # order within one chat is kept by a per-chat lock
        )
        # polling here, or updates come by webhook / to the one process that polls
        self.polls = self.mode == "polling" and settings.telegram_polling
        if not self.polls:
            builder = builder.updater(None)
        self.application = builder.build()
        stores = stores_for(conversations, "telegram")  # the app's shared state, if any
        self._seen_updates, self._long_payloads, self._chat_locks = stores
        app = self.application
        app.add_handler(TypeHandler(Update, self._drop_duplicates), group=-1)
        app.add_handler(CommandHandler(list(COMMANDS), self._on_command))
        app.add_handler(  # any other /command: the help menu
            MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, self._on_command)
        )
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self._on_message))
        app.add_error_handler(self._on_error)

    # -- life cycle ----------------------------------------------------------------------

    async def start(self) -> None:
        app = self.application
        await app.initialize()  # getMe: fails loudly on a bad token
        await app.start()
        try:
            await app.bot.set_my_commands(
                [
                    BotCommand("start", t("channels.command_start")),
                    BotCommand("bantuan", t("channels.command_help")),
                ]
            )
        except TelegramError:
            log.warning("telegram: setMyCommands failed (menu of commands not updated)")
        if self.polls:
            assert app.updater is not None
            await app.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, timeout=10, poll_interval=0.0
            )
            log.info("telegram: long polling as @%s", app.bot.username)
        elif self.mode == "polling":
            log.info("telegram: sending only as @%s (another process polls)", app.bot.username)
        else:
            if self.webhook_url:
                await app.bot.set_webhook(
                    self.webhook_url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES
                )
            log.info("telegram: webhook mode as @%s", app.bot.username)

    async def stop(self) -> None:
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def enqueue(self, data: dict[str, Any]) -> None:
        """A webhook delivery: parsed now, handled by the application's update loop."""
        update = Update.de_json(data, self.application.bot)
        await self.application.update_queue.put(update)

    # -- incoming ------------------------------------------------------------------------

    async def _drop_duplicates(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self._seen_updates.first_time_shared(update.update_id):
            log.info("telegram: duplicate update %s ignored", update.update_id)
            raise ApplicationHandlerStop

    async def _on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        command = message.text.split()[0].lstrip("/").split("@")[0].lower()
        await self._converse(
            message.chat_id, str(message.message_id), text=COMMANDS.get(command, "/help")
        )

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        with suppress(TelegramError):
            await query.answer()  # stops the spinner on the tapped button
        if query.message is None or query.data is None:
            return
        # query.message may be an InaccessibleMessage (older than 48 h): its chat is enough
        payload = await self._long_payloads.resolve_shared(query.data)
        await self._converse(query.message.chat.id, f"cb:{query.id}", text=payload)

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None:
            return
        if message.text:
            await self._converse(message.chat_id, str(message.message_id), text=message.text)
        elif message.location or message.venue:
            loc = message.venue.location if message.venue else message.location
            assert loc is not None
            address = message.venue.address if message.venue else None
            location = Location(latitude=loc.latitude, longitude=loc.longitude, address=address)
            await self._converse(message.chat_id, str(message.message_id), location=location)
        elif message.photo or _is_image_document(message):
            await self._on_photo(message)
        elif message.voice or message.audio:
            await self._on_voice(message)
        else:
            await self._deliver(
                message.chat_id, [system_message(t("channels.unsupported_message"))]
            )

    async def _on_photo(self, message: Message) -> None:
        async with self._chat(message.chat_id):
            source = f"telegram:{message.chat_id}"
            try:
                data = await self._download(message)
            except TelegramError:
                log.exception("telegram: photo download failed for %s", source)
                await self._deliver(message.chat_id, [system_message(t("channels.media_failed"))])
                return
            outcome = self.intake.image(data, source=source)
            await self._converse_media(message, outcome, caption=message.caption)

    async def _on_voice(self, message: Message) -> None:
        async with self._chat(message.chat_id), self._typing(message.chat_id):
            source = f"telegram:{message.chat_id}"
            try:
                data = await self._download(message)
            except TelegramError:
                log.exception("telegram: voice download failed for %s", source)
                await self._deliver(message.chat_id, [system_message(t("channels.media_failed"))])
                return
            name = message.audio.file_name if message.audio else "voice.ogg"
            outcome = await self.intake.voice(data, source=source, filename=name)
            if outcome.refusal is None:
                heard = system_message(t("channels.voice_heard", text=outcome.text))
                await self._deliver(message.chat_id, [heard])
            await self._converse_media(message, outcome)

    async def _converse_media(
        self, message: Message, outcome: MediaOutcome, caption: str | None = None
    ) -> None:
        if outcome.refusal is not None or outcome.attachment is None:
            await self._deliver(message.chat_id, [system_message(outcome.refusal or "")])
            return
        metadata: dict[str, Any] = {"caption": caption} if caption else {}
        if outcome.text:
            metadata["voice"] = True
        await self._converse(
            message.chat_id,
            str(message.message_id),
            text=outcome.text,
            attachment=outcome.attachment,
            metadata=metadata,
            locked=True,
        )

    async def _converse(
        self,
        chat_id: int,
        message_id: str,
        *,
        text: str = "",
        location: Location | None = None,
        attachment: Any = None,
        metadata: dict[str, Any] | None = None,
        locked: bool = False,
    ) -> None:
        incoming = IncomingMessage(
            channel=CHANNEL,
            user_id=str(chat_id),
            message_id=message_id,
            text=text,
            location=location,
            attachments=[attachment] if attachment is not None else [],
            metadata=metadata or {},
        )
        if locked:
            async with self._typing(chat_id):
                replies = await self.conversations.handle(incoming)
            await reply_turn(self.conversations, CHANNEL, chat_id, replies, self._deliver)
            return
        async with self._chat(chat_id), self._typing(chat_id):
            replies = await self.conversations.handle(incoming)
            await reply_turn(self.conversations, CHANNEL, chat_id, replies, self._deliver)

    async def _download(self, message: Message) -> bytes:
        if message.photo:
            media: Any = message.photo[-1]  # the largest size
        else:
            media = message.voice or message.audio or message.document
        tg_file = await media.get_file()
        return bytes(await tg_file.download_as_bytearray())

    def _chat(self, chat_id: int) -> AbstractAsyncContextManager[None]:
        return self._chat_locks.hold(chat_id)

    @asynccontextmanager
    async def _typing(self, chat_id: int) -> AsyncIterator[None]:
        """Show "typing..." while the assistant works (refreshed every 4.5 s)."""

        async def typing() -> None:
            with suppress(TelegramError):
                await self.application.bot.send_chat_action(chat_id, ChatAction.TYPING)

        async def keep_typing() -> None:
            while True:
                await asyncio.sleep(TYPING_REFRESH_S)
                await typing()

        await typing()
        task = asyncio.create_task(keep_typing())
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram: handling update failed", exc_info=context.error)

    # -- outgoing ------------------------------------------------------------------------

    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        """ChannelSender for app.state.outbound: proactive messages to a chat."""
        await self._deliver(int(user_id), messages)

    async def _deliver(self, chat_id: int, messages: list[OutgoingMessage]) -> None:
        bot = self.application.bot
        for msg in messages:
            markup = self._keyboard(msg.buttons)
            if msg.image_url and msg.image_url.startswith(("https://", "http://")):
                await bot.send_photo(chat_id, photo=msg.image_url)
            text = msg.text or (t("channels.choose_option") if markup else "")
            chunks = split_text(text, MAX_TEXT)
            for i, chunk in enumerate(chunks):
                last = i == len(chunks) - 1
                await bot.send_message(chat_id, chunk, reply_markup=markup if last else None)

    def _keyboard(self, buttons: list[Button]) -> InlineKeyboardMarkup | None:
        if not buttons:
            return None
        rows = [
            [InlineKeyboardButton(b.title, callback_data=self._callback_data(b.payload))]
            for b in buttons
        ]
        return InlineKeyboardMarkup(rows)

    def _callback_data(self, payload: str) -> str:
        """Telegram carries at most 64 bytes of callback data; longer payloads (intents
        with entities) travel as a short key (channels/toolkit.py)."""
        return self._long_payloads.key_for(payload, len(payload.encode()) <= MAX_CALLBACK_BYTES)


def _is_image_document(message: Message) -> bool:
    doc = message.document
    return doc is not None and (doc.mime_type or "").startswith("image/")


# -- wiring ---------------------------------------------------------------------------------


def configured(settings: Settings) -> bool:
    return bool(settings.telegram_token)


async def start(
    settings: Settings, conversations: Conversations, intake: Intake
) -> TelegramChannel | None:
    """Start the bot if a token is set; a failure is logged and leaves the app running."""
    if not configured(settings):
        return None
    channel = TelegramChannel(settings, conversations, intake)
    try:
        await channel.start()
    except Exception:
        log.exception("telegram: could not start; the channel stays off")
        with suppress(Exception):
            await channel.stop()
        return None
    return channel


router = APIRouter(prefix="/channels/telegram", tags=["channels"])


@router.post("/webhook", include_in_schema=False)
async def webhook(request: Request) -> Response:
    channel: TelegramChannel | None = getattr(
        getattr(request.app.state, "ctx", None), "telegram", None
    )
    if channel is None or channel.mode != "webhook":
        raise HTTPException(status_code=404)
    given = request.headers.get(SECRET_HEADER)
    client = request.client.host if request.client else "?"
    if not given:
        log.warning("telegram webhook: request without secret token refused (from %s)", client)
        raise HTTPException(status_code=401)
    if not hmac.compare_digest(given.encode(), channel.secret.encode()):
        log.warning("telegram webhook: wrong secret token refused (from %s)", client)
        raise HTTPException(status_code=403)
    try:
        data = await request.json()
    except ValueError:
        log.warning("telegram webhook: body is not JSON")
        raise HTTPException(status_code=400) from None
    if not isinstance(data, dict) or "update_id" not in data:
        raise HTTPException(status_code=400)
    await channel.enqueue(data)
    return Response(status_code=200)
