"""HTTP endpoints of the voice features, used by the kiosk and the channel adapters.

- ``POST /api/voice/transcribe``: multipart ``audio`` (+ optional ``expect``, or ``expects``: the
  kiosk's structured prompt as JSON) -> the transcript, and the short answer read from it.
- ``POST /api/voice/speak``: JSON ``{text, rate, format}`` -> audio bytes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError

from app.context import context_of
from core.errors import SpeechRejected
from core.texts import t
from voice.reading import Expects
from voice.stt import SpeechToText
from voice.tts import MEDIA_TYPES, TextToSpeech

router = APIRouter(prefix="/api/voice", tags=["voice"])

Expect = Literal["phone", "nik", "code", "date", "time"]
MAX_EXPECTS_CHARS = 20_000  # 24 options of 200-character titles and 500-character payloads


class ReadingOut(BaseModel):
    kind: str = Field(description="yes_no | number | digits | phone | date | time | choice")
    understood: bool = Field(description="False: show what was heard and offer to repeat")
    value: bool | int | str | None = Field(
        None,
        description="yes_no: true/false; number: int; digits/phone: digits; date: "
        "YYYY-MM-DD; time: HH:MM; choice: the index of the option",
    )
    display: str | None = Field(None, description="Indonesian, for 'Saya mendengar: ...'")
    payload: str | None = Field(None, description="The chosen option's payload")
    score: float | None = Field(None, description="choice: nearness to the title, 0-100")


class TranscriptOut(BaseModel):
    text: str = Field(description="Transcript cleaned for the bot (numbers as digits)")
    raw_text: str = Field(description="What the speech model heard")
    duration_s: float = Field(description="Length of the audio in seconds")
    language: str = Field(description="Language code, normally 'id'")
    reading: ReadingOut | None = Field(
        None, description="The short answer read as `expects` asked; null without `expects`"
    )


class VoiceErrorDetail(BaseModel):
    code: str = Field(
        description="too_large | too_long | too_short | unreadable | no_speech | busy | bad_expects"
    )
    message: str = Field(description="Indonesian text to show or speak to the citizen")


class VoiceErrorOut(BaseModel):
    detail: VoiceErrorDetail


class SpeakIn(BaseModel):
    text: str = Field(min_length=1, max_length=1000, description="Indonesian text to speak")
    rate: Literal["normal", "slow"] = Field("normal", description="'slow' for elderly users")
    format: Literal["mp3", "ogg", "wav"] = Field(
        "mp3", description="mp3 (web, kiosk), ogg (Opus voice note for WhatsApp/Telegram), wav"
    )


_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": VoiceErrorOut, "description": "Audio too large or too long"},
    422: {"model": VoiceErrorOut, "description": "Audio unreadable, too short or silent"},
    503: {"model": VoiceErrorOut, "description": "Speech service busy or unavailable"},
}


@router.post(
    "/transcribe",
    response_model=TranscriptOut,
    responses=_ERRORS,
    summary="Transcribe Indonesian speech (OGG/Opus, WebM/Opus, WAV, MP3, M4A)",
)
async def transcribe(
    request: Request,
    audio: Annotated[UploadFile, File(description="The recording or voice note")],
    expect: Annotated[
        Expect | None, Form(description="What the bot asked for: numbers become digits")
    ] = None,
    expects: Annotated[
        str | None,
        Form(
            description='JSON: {"kind": "yes_no|number|digits|phone|date|time|choice", '
            '"options": [{"title": "...", "payload": "..."}]}: the answer is read as that'
        ),
    ] = None,
) -> TranscriptOut:
    stt: SpeechToText = context_of(request.app.state).stt
    wanted: Expects | None = None
    if expects:
        try:
            if len(expects) > MAX_EXPECTS_CHARS:
                raise ValueError("expects too long")
            wanted = Expects.model_validate_json(expects)
        except (ValidationError, ValueError) as error:
            raise SpeechRejected("bad_expects", t("voice.bad_expects"), str(error)) from error
    limit = stt.config.limits.max_bytes
    data = await audio.read(limit + 1)  # never more than the limit in memory
    # a refusal (VoiceError) answers its status with {"detail": {code, message}} (app/api/errors)
    result = await stt.transcribe(data, audio.filename, expect, wanted)
    return TranscriptOut(
        text=result.text,
        raw_text=result.raw_text,
        duration_s=result.duration_s,
        language=result.language,
        reading=ReadingOut(**result.reading.as_dict()) if result.reading else None,
    )


@router.post(
    "/speak",
    response_class=Response,
    responses={
        200: {
            "content": {mime: {} for mime in MEDIA_TYPES.values()},
            "description": "The spoken audio",
        },
        503: {"model": VoiceErrorOut, "description": "No speech engine available"},
    },
    summary="Speak Indonesian text (gTTS online, espeak-ng offline), cached",
)
async def speak(request: Request, body: SpeakIn) -> Response:
    tts: TextToSpeech = context_of(request.app.state).tts
    try:
        data = await tts.synthesize(body.text, body.rate, body.format)
    except ValueError as error:  # VoiceError answers by itself (app/api/errors)
        raise SpeechRejected("empty_text", t("voice.speak_empty"), str(error)) from error
    return Response(content=data, media_type=MEDIA_TYPES[body.format])
