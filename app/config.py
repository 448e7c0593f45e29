"""One Settings object for the app process, read from the environment and `.env`.

Embedded defaults run everything locally (SQLite under ``runtime/``, local models,
no accounts). Production refuses unsafe settings loudly at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.keys import ACTION_SECRET_FILE, RASA_TOKEN_FILE, SECRET_KEY_FILE, runtime_secret

ROOT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HALO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Literal["development", "test", "production"] = "development"
    runtime_dir: Path = ROOT_DIR / "runtime"
    database_url: str = ""  # empty: SQLite file under runtime_dir
    # Signs sessions, links and tokens, keys the NIK HMAC. Empty outside production: a
    # random key generated into <runtime_dir>/secret_key (app/keys.py).
    secret_key: str = ""

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_s: float = 30.0
    # Rasa's HTTP API token (rasa run --auth-token) and the secret Rasa sends to the action
    # endpoint (X-Halo-Action-Secret). Empty outside production: generated into runtime/.
    rasa_token: str = ""
    action_secret: str = ""
    # Where Rasa calls our actions; the app serves them itself at /actions/webhook.
    action_endpoint_url: str = "http://127.0.0.1:8000/actions/webhook"
    # Rasa's tracker store (bot/endpoints.yml), for the retention purge and erasure.
    # Empty: the SQLite file <runtime_dir>/rasa_tracker.db the launcher gives Rasa.
    rasa_tracker_url: str = ""

    # Inquiry (issue 3): a FAQ answer needs this ResponseSelector confidence; below it the
    # assistant asks "Maksud Anda ...?" with the best topics (ResponseSelector + BM25).
    faq_min_confidence: float = 0.5

    privacy_policy_version: str = "2026-11"
    privacy_retention_days: int = 365  # the notice states it; the purge enforces it
    privacy_purge_interval_s: float = 24 * 3600.0  # 0 disables the purge loop
    privacy_export_ttl_s: int = 3600  # lifetime of a "lihat data saya" download link
    # Web and kiosk sessions (app/api/chat.py): server-issued, signed, valid this long.
    web_session_ttl_s: int = 24 * 3600

    # Rate limits (app/ratelimit.py; "N/second|minute|hour"). Storage: memory:// for one
    # process, redis://host:6379 for several instances.
    rate_limit_storage: str = "memory://"
    rate_chat_per_ip: str = "300/minute"  # a kiosk or a carrier NAT is one IP for many
    rate_voice_per_ip: str = "30/minute"  # /api/voice/transcribe
    rate_voice_in_flight_per_ip: int = 2  # one client cannot hold every STT worker
    rate_tts_per_ip: str = "120/minute"  # /api/voice/speak
    rate_login_per_ip: str = "10/minute"  # staff API and console sign-in
    rate_conversation: str = "30/minute"  # one web session or channel user, any channel
    # Request bodies (refused while reading): default, and the channels' webhooks.
    body_max_bytes: int = 256 * 1024
    webhook_body_max_bytes: int = 1024 * 1024

    # Voice (issues 7, 18). Speech model: a faster-whisper name ("small", "medium",
    # "large-v3": fetched from the Hugging Face hub, for cities with internet and the CPU for
    # it) or a model directory; empty: the Whisper base model scripts/assemble_whisper.py
    # puts in ~/.cache/halo-warga. Decoding defaults chosen by measurement (BENCHMARKS.md).
    stt_model: str = ""
    stt_compute_type: str = "int8"
    stt_cpu_threads: int = 2
    stt_beam_size: int = 5
    # The city's words as the prompt: measured worse on recorded speech, so off by default.
    stt_domain_hint: Literal["prompt", "short", "hotwords", "none"] = "none"
    stt_answer_hint: bool = True  # an expected short answer's shape / buttons as the hint
    # an expected short answer: read from the n best hypotheses (0: the transcript), and asked
    # again when heard less surely than this mean log-probability (voice/nbest.py)
    stt_n_best: int = 5
    stt_min_logprob: float = -1.0
    stt_vad_threshold: float = 0.5  # Silero speech probability
    stt_vad_min_silence_ms: int = 2000
    stt_vad_speech_pad_ms: int = 400
    stt_workers: int = 1  # transcriptions in parallel; more wait in the queue
    stt_max_queue: int = 8  # beyond this, requests are refused as busy
    stt_preload: bool = True  # load the model in the background at start-up
    voice_max_bytes: int = 10 * 1024 * 1024
    voice_max_duration_s: float = 60.0
    tts_cache_dir: Path | None = None  # None: <runtime_dir>/tts-cache
    tts_gtts_enabled: bool = True
    tts_gtts_base_url: str = ""  # empty: Google; tests point it at a local fake
    tts_gtts_timeout_s: float = 2.0
    tts_offline_retry_s: float = 60.0

    # Open311 GeoReport v2: keys allowed to POST requests (JSON list in HALO_OPEN311_API_KEYS).
    open311_api_keys: list[str] = []
    open311_contact: str = "Halo Warga, Kota Contoh (contoh) - layanan@contoh.go.id"
    # Telegram (channels/telegram.py): starts only when a bot token is set.
    telegram_token: str = ""
    telegram_mode: Literal["polling", "webhook"] = "polling"  # polling: local use
    # Polling mode: this process polls getUpdates. Telegram serves one poller per bot, so
    # with several app instances all but one set it false (they still send).
    telegram_polling: bool = True
    # Webhook mode: Telegram sends this in X-Telegram-Bot-Api-Secret-Token (required).
    telegram_webhook_secret: str = ""
    # Webhook mode: public URL registered with setWebhook at start-up (empty: register it
    # yourself); it must end in /channels/telegram/webhook.
    telegram_webhook_url: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"

    # WhatsApp Cloud API (channels/whatsapp.py): starts only when token and phone id are set.
    whatsapp_token: str = ""
    whatsapp_phone_number_id: str = ""
    whatsapp_app_secret: str = ""  # verifies X-Hub-Signature-256 (required)
    whatsapp_verify_token: str = ""  # answers the GET hub.challenge (required)
    whatsapp_graph_url: str = "https://graph.facebook.com/v23.0"
    # Approved template for proactive messages outside the 24-hour customer-service window;
    # one body parameter {{1}} carries the message text.
    whatsapp_template_name: str = "halo_warga_pemberitahuan"
    whatsapp_template_language: str = "id"
    # Facility booking (issue 5)
    public_url: str = ""  # e.g. https://halo.kotacontoh.go.id; links (.ics) are relative if empty
    booking_facilities_file: Path = ROOT_DIR / "app" / "data" / "facilities.yml"
    booking_max_future_per_citizen: int = 3
    booking_reminder_hours_before: int = 24
    booking_reminder_interval_s: float = 300.0  # 0 disables the reminder loop
    # Outbox (issue 16, app/services/outbox.py): how often the worker in each app process
    # looks for due rows and kept turns (0: no worker here, run app.workers.outbox), the
    # attempts before a row is dead, the first retry's delay (doubling each time).
    outbox_interval_s: float = 2.0
    outbox_max_attempts: int = 8
    outbox_backoff_s: float = 5.0
    # Shared state of several app instances (app/services/shared_state.py): conversation
    # locks and the like on Redis (redis://host:6379/0). Empty: this process's memory.
    redis_url: str = ""
    # Handoff (issue 9): officers on duty around the clock (a 24-hour call centre, like
    # Seoul's 120); false: the hours in app/data/handoff.yml. The end-to-end tests set it so
    # that the queue path does not depend on the wall clock.
    handoff_always_open: bool = False
    # The app's clock starts at this ISO time (with its UTC offset) and runs on from there:
    # the booking forms' "today" and free times (the conversation bench pins one day so that
    # it gives the same result any day). Empty: the real time. Refused in production.
    clock_start: str = ""

    # Back office map (/office/peta.html): base-map tiles ({z}/{x}/{y} URL template) and
    # their attribution. Empty URL: only the offline base map drawn from the city's own
    # boundary and kelurahan (app/data/sample_city.yml); the pages also fall back to it
    # when tiles cannot be loaded.
    map_tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_tile_attribution: str = "&copy; OpenStreetMap contributors"

    # Operations (issue 16 §5, app/observability). Logs: "text" as before, or "json" (one
    # object a line: time, level, logger, message, request_id; never a citizen's text).
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"
    # /metrics (Prometheus): "Authorization: Bearer <token>" when set; empty: only callers on
    # this machine (loopback) outside production, nobody in production.
    metrics_token: str = ""
    # A Server-Timing header with the per-stage breakdown on every response (benches only).
    server_timing: bool = False

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            if len(self.secret_key) < 32:
                raise ValueError(
                    "HALO_SECRET_KEY must be set to 32+ random characters in production"
                )
            if len(self.rasa_token) < 16 or len(self.action_secret) < 16:
                raise ValueError(
                    "HALO_RASA_TOKEN and HALO_ACTION_SECRET (16+ characters) are required "
                    "in production"
                )
            if not self.database_url.startswith("postgresql"):
                raise ValueError("HALO_DATABASE_URL must point to PostgreSQL in production")
            if self.clock_start:
                raise ValueError("HALO_CLOCK_START is for benches and replays, not production")
            return self
        # Outside production: random secrets kept under runtime/ (mode 600), never a
        # known string.
        if not self.secret_key:
            self.secret_key = runtime_secret(self.runtime_dir, SECRET_KEY_FILE)
        if not self.rasa_token:
            self.rasa_token = runtime_secret(self.runtime_dir, RASA_TOKEN_FILE)
        if not self.action_secret:
            self.action_secret = runtime_secret(self.runtime_dir, ACTION_SECRET_FILE)
        return self

    @model_validator(mode="after")
    def _share_rate_limits(self) -> Settings:
        """Several instances (HALO_REDIS_URL): rate limits and login throttles count on the
        same Redis unless HALO_RATE_LIMIT_STORAGE names another store."""
        if self.redis_url and self.rate_limit_storage == "memory://":
            self.rate_limit_storage = self.redis_url
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_channels(self) -> Settings:
        webhook = self.telegram_token and self.telegram_mode == "webhook"
        if webhook and len(self.telegram_webhook_secret) < 16:
            raise ValueError(
                "HALO_TELEGRAM_WEBHOOK_SECRET (16+ characters) is required in webhook mode"
            )
        whatsapp = self.whatsapp_token and self.whatsapp_phone_number_id
        if whatsapp and not (self.whatsapp_app_secret and self.whatsapp_verify_token):
            raise ValueError(
                "HALO_WHATSAPP_APP_SECRET and HALO_WHATSAPP_VERIFY_TOKEN are required "
                "when WhatsApp is configured"
            )
        return self

    @property
    def tracker_store_url(self) -> str:
        if self.rasa_tracker_url:
            return self.rasa_tracker_url
        return f"sqlite:///{self.runtime_dir / 'rasa_tracker.db'}"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.runtime_dir / 'halo_warga.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
