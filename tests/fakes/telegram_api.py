"""A fake Telegram Bot API server (real HTTP, on a free port).

python-telegram-bot talks to it through ``base_url`` / ``base_file_url``. Payload shapes
follow https://core.telegram.org/bots/api (Update, Message, User, Chat, PhotoSize, Voice,
Location, CallbackQuery, File, the ``{"ok": ..., "result": ...}`` envelope and error
``parameters.retry_after``).

A test plays the citizen: ``send_text``/``press``/``send_location``/``send_photo``/
``send_voice`` build real-shaped updates and queue them for ``getUpdates`` (polling), or
return them for a webhook test (``queue=False``). What the bot sent is in ``sent``.
``fail(method, status, times, retry_after)`` makes the next calls of a method fail;
``fail_for(method, seconds, status)`` makes every call of it fail for a while (an outage).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import time
from typing import Any

from tests.fakes.http import FakeServer, Reply, Req

TOKEN = "123456789:AAE-fake-token-for-tests_0123456789"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Halo Warga",
    "username": "halo_warga_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}
JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "offset", "timeout", "limit"}
LONG_POLL_CAP_S = 1.0  # real Telegram holds getUpdates for `timeout` s; shorter keeps tests fast


class FakeTelegram(FakeServer):
    def __init__(self, token: str = TOKEN) -> None:
        super().__init__()
        self.token = token
        self.updates: list[dict[str, Any]] = []  # queued for getUpdates
        self.sent: list[dict[str, Any]] = []  # what the bot sent (sendMessage, sendPhoto...)
        self.actions: list[dict[str, Any]] = []  # sendChatAction, answerCallbackQuery...
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.webhook: dict[str, Any] | None = None
        self.commands: list[dict[str, Any]] = []
        self.failures: dict[str, list[tuple[int, int | None]]] = {}
        self.down_until: dict[str, tuple[float, int]] = {}  # method -> (monotonic end, status)
        self._update_ids = itertools.count(500_000_001)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)

    @property
    def api_base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def file_base_url(self) -> str:
        return f"{self.url}/file/bot"

    # -- the citizen ---------------------------------------------------------------------

    @staticmethod
    def user(chat_id: int, first_name: str = "Siti") -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": first_name, "language_code": "id"}

    @staticmethod
    def chat(chat_id: int, first_name: str = "Siti") -> dict[str, Any]:
        return {"id": chat_id, "first_name": first_name, "type": "private"}

    def _message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "from": self.user(chat_id),
            "chat": self.chat(chat_id),
            "date": int(time.time()),
            **content,
        }

    def _update(self, queue: bool, **content: Any) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **content}
        if queue:
            self.queue(update)
        return update

    def queue(self, update: dict[str, Any]) -> None:
        with self.cond:
            self.updates.append(update)
            self.cond.notify_all()

    def send_text(self, chat_id: int, text: str, queue: bool = True) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
        return self._update(queue, message=self._message(chat_id, **content))

    def press(
        self, chat_id: int, data: str, message: dict[str, Any] | None = None, queue: bool = True
    ) -> dict[str, Any]:
        """Tap an inline button (``message``: the bot message that carried it)."""
        query = {
            "id": f"{chat_id}{next(self._message_ids):08d}",
            "from": self.user(chat_id),
            "message": message or self._message(chat_id, text="menu"),
            "chat_instance": "-7620612434345834567",
            "data": data,
        }
        return self._update(queue, callback_query=query)

    def send_location(
        self, chat_id: int, latitude: float, longitude: float, queue: bool = True
    ) -> dict[str, Any]:
        loc = {"latitude": latitude, "longitude": longitude}
        return self._update(queue, message=self._message(chat_id, location=loc))

    def add_file(self, data: bytes, folder: str, ext: str) -> tuple[str, str]:
        n = next(self._file_ids)
        file_id = f"AgACAgIAAxkBAAI{n:06d}Zk9fake"
        self.files[file_id] = (f"{folder}/file_{n}.{ext}", data)
        return file_id, f"AQAD{n:06d}"

    def send_photo(
        self, chat_id: int, data: bytes, caption: str | None = None, queue: bool = True
    ) -> dict[str, Any]:
        small_id, small_uid = self.add_file(data, "photos", "jpg")
        big_id, big_uid = self.add_file(data, "photos", "jpg")
        sizes = [
            {
                "file_id": small_id,
                "file_unique_id": small_uid,
                "file_size": len(data),
                "width": 90,
                "height": 67,
            },
            {
                "file_id": big_id,
                "file_unique_id": big_uid,
                "file_size": len(data),
                "width": 1280,
                "height": 960,
            },
        ]
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._update(queue, message=self._message(chat_id, **content))

    def send_voice(
        self, chat_id: int, data: bytes, duration: int = 2, queue: bool = True
    ) -> dict[str, Any]:
        file_id, uid = self.add_file(data, "voice", "oga")
        voice = {
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_id": file_id,
            "file_unique_id": uid,
            "file_size": len(data),
        }
        return self._update(queue, message=self._message(chat_id, voice=voice))

    # -- what the bot did ----------------------------------------------------------------

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self.cond:
            return [m for m in self.sent if str(m.get("chat_id")) == str(chat_id)]

    def wait_sent(self, chat_id: int, count: int, timeout: float = 60.0) -> list[dict[str, Any]]:
        """Block until the bot has sent ``count`` messages to the chat; returns them all."""
        return self.wait_until(
            lambda: len(self.sent_to(chat_id)) >= count and self.sent_to(chat_id), timeout
        )

    def wait_quiet(self, chat_id: int, seconds: float = 1.5) -> list[dict[str, Any]]:
        """Messages to the chat once nothing new arrived for ``seconds``."""
        last = -1
        while True:
            now = len(self.sent_to(chat_id))
            if now == last:
                return self.sent_to(chat_id)
            last = now
            time.sleep(seconds)

    def fail(
        self, method: str, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        with self.cond:
            self.failures.setdefault(method, []).extend([(status, retry_after)] * times)

    def fail_for(self, method: str, seconds: float, status: int = 502) -> None:
        with self.cond:
            self.down_until[method] = (time.monotonic() + seconds, status)

    def calls(self, method: str) -> list[Req]:
        with self.cond:
            return [r for r in self.requests if r.path.endswith("/" + method)]

    # -- the Bot API ---------------------------------------------------------------------

    def route(self, req: Req) -> Reply:
        parts = req.path.strip("/").split("/")
        if parts[0] == "file" and len(parts) >= 3:
            return self._file(parts[1], "/".join(parts[2:]))
        if len(parts) != 2 or not parts[0].startswith("bot"):
            return _error(404, "Not Found")
        token, method = parts[0][3:], parts[1]
        if token != self.token:
            return _error(401, "Unauthorized")
        params = _decode(req.form())
        with self.cond:
            planned = self.failures.get(method)
            until, down_status = self.down_until.get(method, (0.0, 0))
            if time.monotonic() < until:
                planned = [(down_status, None)]
            if planned:
                status, retry_after = planned.pop(0)
                if status == 429:
                    return _error(
                        429,
                        f"Too Many Requests: retry after {retry_after}",
                        {"retry_after": retry_after},
                    )
                return _error(status, "Bad Gateway" if status == 502 else "Internal Server Error")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        return handler(params)

    def _file(self, token_part: str, file_path: str) -> Reply:
        if token_part != f"bot{self.token}":
            return _error(401, "Unauthorized")
        for path, data in self.files.values():
            if path == file_path:
                return Reply(200, data, {"Content-Type": "application/octet-stream"})
        return _error(404, "Not Found")

    def _m_getMe(self, p: dict[str, Any]) -> Reply:
        return _ok(BOT_USER)

    def _m_deleteWebhook(self, p: dict[str, Any]) -> Reply:
        self.webhook = None
        return _ok(True)

    def _m_setWebhook(self, p: dict[str, Any]) -> Reply:
        self.webhook = p
        return _ok(True)

    def _m_setMyCommands(self, p: dict[str, Any]) -> Reply:
        self.commands = p.get("commands", [])
        return _ok(True)

    def _m_getUpdates(self, p: dict[str, Any]) -> Reply:
        offset = int(p.get("offset") or 0)
        wait = min(float(p.get("timeout") or 0), LONG_POLL_CAP_S)
        deadline = time.monotonic() + wait
        with self.cond:
            if offset:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and not self.closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            return _ok(list(self.updates[: int(p.get("limit") or 100)]))

    def _bot_message(self, p: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(p["chat_id"])
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": BOT_USER,
            "chat": self.chat(chat_id),
            "date": int(time.time()),
            **content,
        }
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        with self.cond:
            self.sent.append({"method": "sendMessage", "chat_id": chat_id, **msg})
        return msg

    def _m_sendMessage(self, p: dict[str, Any]) -> Reply:
        if not p.get("text"):
            return _error(400, "Bad Request: message text is empty")
        if len(p["text"]) > 4096:
            return _error(400, "Bad Request: message is too long")
        return _ok(self._bot_message(p, text=p["text"]))

    def _m_sendPhoto(self, p: dict[str, Any]) -> Reply:
        photo = [{"file_id": "sent-photo", "file_unique_id": "sent", "width": 1, "height": 1}]
        msg = self._bot_message(p, photo=photo, caption=p.get("caption"))
        self.sent[-1]["method"] = "sendPhoto"
        self.sent[-1]["photo_url"] = p.get("photo")
        return _ok(msg)

    def _m_sendChatAction(self, p: dict[str, Any]) -> Reply:
        with self.cond:
            self.actions.append({"method": "sendChatAction", **p})
        return _ok(True)

    def _m_answerCallbackQuery(self, p: dict[str, Any]) -> Reply:
        with self.cond:
            self.actions.append({"method": "answerCallbackQuery", **p})
        return _ok(True)

    def _m_getFile(self, p: dict[str, Any]) -> Reply:
        file_id = p.get("file_id", "")
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        return _ok(
            {
                "file_id": file_id,
                "file_unique_id": "AQAD" + file_id[-8:],
                "file_size": len(data),
                "file_path": path,
            }
        )


def _decode(form: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = dict(form)
    for key in JSON_FIELDS & form.keys():
        with contextlib.suppress(ValueError):
            out[key] = json.loads(form[key])
    return out


def _ok(result: Any) -> Reply:
    return Reply.json({"ok": True, "result": result})


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> Reply:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Reply.json(body, status=code)


def buttons_of(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, callback_data) of every inline button on a sent message."""
    markup = message.get("reply_markup") or {}
    return [
        (b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row
    ]
