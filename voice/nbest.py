"""Several readings of one short answer: Whisper's n best hypotheses with their scores.

``WhisperModel.transcribe`` keeps only the best beam. For a short answer the kiosk expects
(a yes/no, digits, a date...), the second or third hypothesis is often the one that reads
as a valid answer ("0812 345" where the best dropped a digit), and the scores tell how sure
the model was. :func:`hypotheses` runs the same steps as faster-whisper for one 30-second
window (voice-activity filter, features, encoder, prompt) and asks CTranslate2 for
``count`` hypotheses, best first, each with its average log-probability, plus the model's
probability that the window holds no speech at all.

Only for clips that fit one window (a short answer); longer audio returns None and is
transcribed the usual way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from voice import spoken, syllables
from voice.reading import Expects, Reading, only_digits, read

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

MAX_NEW_TOKENS = 64  # a short answer is a few words; bounds a runaway repetition
WINDOW_S = 30.0


@dataclass(frozen=True)
class Hypothesis:
    text: str
    avg_logprob: float  # mean log-probability per token (as faster-whisper's segments)


@dataclass(frozen=True)
class Heard:
    hypotheses: tuple[Hypothesis, ...]  # best first
    no_speech_prob: float


def speech_only(
    samples: np.ndarray, threshold: float, min_silence_ms: int, pad_ms: int
) -> np.ndarray:
    """The samples with the silences the voice-activity filter finds taken out (as
    ``transcribe(vad_filter=True)`` does); the samples as they are when it finds no speech."""
    from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

    options = VadOptions(
        threshold=threshold, min_silence_duration_ms=min_silence_ms, speech_pad_ms=pad_ms
    )
    chunks = get_speech_timestamps(samples, options)
    if not chunks:
        return samples
    pieces, _ = collect_chunks(samples, chunks)
    return np.concatenate(pieces, axis=0)


def hypotheses(
    model: WhisperModel,
    samples: np.ndarray,
    *,
    language: str,
    prompt: str = "",
    beam_size: int = 5,
    count: int = 5,
    greedy: bool = False,
) -> Heard | None:
    """The ``count`` best readings of ``samples`` (16 kHz mono, at most 30 s; None if longer)
    with ``prompt`` as the previous text, by beam search of ``beam_size``; with ``greedy``,
    also the greedy reading of the same encoded audio, all sorted by their score.

    The beam keeps the best partial readings by their summed log-probability, so a longer
    reading scoring better per token can fall out of it: "kosong delapan tujuh tujuh" (-0.34)
    was the greedy reading of a clip whose five beams all dropped the second "tujuh" (the
    best -0.51)."""
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer
    from faster_whisper.transcribe import get_suppressed_tokens

    if samples.size > WINDOW_S * model.feature_extractor.sampling_rate:
        return None
    features = model.feature_extractor(samples)
    encoded = model.encode(pad_or_trim(features[:, : model.feature_extractor.nb_max_frames]))
    tokenizer = Tokenizer(
        model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language
    )
    previous = tokenizer.encode(" " + prompt.strip()) if prompt.strip() else []
    tokens = model.get_prompt(tokenizer, previous, without_timestamps=True)
    options = {
        "max_length": len(tokens) + MAX_NEW_TOKENS,
        "return_scores": True,
        "return_no_speech_prob": True,
        "suppress_blank": True,
        "suppress_tokens": list(get_suppressed_tokens(tokenizer, (-1,)) or ()),
    }
    searches = [(max(beam_size, count), count)] + ([(1, 1)] if greedy else [])
    found: dict[str, Hypothesis] = {}
    no_speech: list[float] = []
    for beams, wanted in searches:
        result = model.model.generate(
            encoded, [tokens], beam_size=beams, num_hypotheses=wanted, **options
        )[0]
        no_speech.append(float(result.no_speech_prob))
        for ids, score in zip(result.sequences_ids, result.scores, strict=True):
            # CTranslate2 divides the summed log-probability by the length (length_penalty
            # 1); faster-whisper's avg_logprob counts the end token as well
            one = Hypothesis(tokenizer.decode(ids).strip(), score * len(ids) / (len(ids) + 1))
            if one.text not in found or found[one.text].avg_logprob < one.avg_logprob:
                found[one.text] = one
    best_first = sorted(found.values(), key=lambda h: -h.avg_logprob) if greedy else found.values()
    return Heard(tuple(best_first), no_speech[0])


# -- choosing the reading -------------------------------------------------------------------

MIN_LOGPROB = -1.0  # heard less surely: asked again (faster-whisper's own log_prob_threshold)
RIVAL_MARGIN = 0.05  # another valid digits reading this near the chosen one: asked again
# a reading that keeps a digit the chosen one drops ("45644" under "4564": a repeated digit
# heard once is the usual slip) this near: asked again (on the 70 bench clips 2 wrong fewer,
# no right one lost; on the 45 others no change)
LONGER_MARGIN = 0.1
# a reading that keeps a digit the chosen one drops, this near, is taken when the loudness
# peaks of the speech (voice.syllables) count a digit word more than the chosen one has
HEARD_MARGIN = 0.3
HEARD_MORE = 2  # syllables: one digit word
# a yes/no the best hypothesis does not read at all ("Muka.") is taken from one this near
# ("Bukan.", 0.002 lower) when no hypothesis reads the other value
AGREE_MARGIN = 0.05


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _dropped(shorter: str, longer: str) -> bool:
    """Whether ``shorter`` is ``longer`` with digits left out: the recogniser's usual slip
    (a repeated digit heard once), so no rival to the reading that kept them."""
    if len(shorter) >= len(longer):
        return False
    rest = iter(longer)
    return all(digit in rest for digit in shorter)


def _disputed(readings: list[tuple[Hypothesis, Reading | None]]) -> bool:
    """Whether the best hypothesis takes a button by likeness alone (its words are not the
    title) while another hypothesis reads as another button: "Bantuananya." (the hint's
    "Bantuan" run into the heard word) snapped to [Bantuan], the next one "Bencananya." to
    [Rencananya], which was said. A title heard as it is (score 100) is never disputed."""
    best = readings[0][1]
    if best is None or best.kind != "choice" or not best.understood or best.score == 100.0:
        return False
    return any(r is not None and r.understood and r.value != best.value for _, r in readings[1:])


def _near_answer(
    readings: list[tuple[Hypothesis, Reading | None]],
) -> tuple[Hypothesis, Reading] | None:
    """For a yes/no whose best hypothesis reads as no answer at all ("Muka.", "Merum."): the
    first hypothesis within ``AGREE_MARGIN`` of it that reads as one ("Bukan.", "Perum."), as
    likely a hearing of the same sounds, when no hypothesis of the list reads the other value
    ("Berum." -0.92 beside "Betul." -1.01 keeps asking). None otherwise."""
    best, reading = readings[0]
    if reading is None or reading.kind != "yes_no" or reading.understood:
        return None
    values = {r.value for _, r in readings if r is not None and r.understood}
    if len(values) != 1:
        return None
    for one, r in readings[1:]:
        if best.avg_logprob - one.avg_logprob > AGREE_MARGIN:
            return None
        if r is not None and r.understood:
            return one, r
    return None


def _rivalled(
    valid: list[tuple[Hypothesis, Reading]],
    chosen: tuple[Hypothesis, Reading],
    margin: float,
    heard: int | None = None,
) -> bool:
    """Whether another digits reading is as likely as ``chosen``: different digits within
    ``margin`` (one that only drops digits of it is none), or one that keeps a digit it drops
    within ``LONGER_MARGIN``, unless the speech held no more syllables than ``chosen`` has
    (``heard``, :mod:`voice.syllables`) and that count is nearer to ``chosen``'s."""
    value, score = str(chosen[1].value), chosen[0].avg_logprob
    own = syllables.count(chosen[0].text)
    for hypothesis, reading in valid:
        other = str(reading.value)
        if other == value:
            continue
        near = score - hypothesis.avg_logprob
        if near <= margin and not _dropped(other, value):
            return True
        if _dropped(value, other) and near <= LONGER_MARGIN:
            longer = syllables.count(hypothesis.text)
            if heard is not None and heard <= own and abs(heard - own) < abs(heard - longer):
                continue  # "dua dilapan kosong lima" with "dua dua depan ..." below it
            return True
    return False


def _kept_repeat(
    valid: list[tuple[Hypothesis, Reading]], chosen: tuple[Hypothesis, Reading], heard: int
) -> tuple[Hypothesis, Reading]:
    """For digits: the first reading within ``HEARD_MARGIN`` of ``chosen`` that keeps a digit
    it drops ("empat lima enam empat empat" under "... enam empat"), when the speech held at
    least ``HEARD_MORE`` syllables more than ``chosen`` has and that reading's count is
    nearer to them; ``chosen`` otherwise."""
    short = syllables.count(chosen[0].text)
    if heard - short < HEARD_MORE:
        return chosen
    for one in valid:
        hypothesis, reading = one
        if (
            chosen[0].avg_logprob - hypothesis.avg_logprob <= HEARD_MARGIN
            and _dropped(str(chosen[1].value), str(reading.value))
            and abs(heard - syllables.count(hypothesis.text)) < heard - short
        ):
            return one
    return chosen


def digit_kind(expects: Expects) -> bool:
    """Whether ``expects`` is digits said one by one (digits, a phone, a NIK)."""
    return expects.kind in ("digits", "phone") or (
        expects.kind == "number" and expects.digits is not None
    )


def choose(
    heard: Heard,
    expects: Expects,
    min_logprob: float = MIN_LOGPROB,
    margin: float = RIVAL_MARGIN,
    prompt: str = "",
    heard_syllables: int | None = None,
) -> tuple[str, Reading]:
    """The text and the reading of ``expects``'s answer from Whisper's hypotheses.

    The best hypothesis, except for digits (digits, a phone, a NIK): there the best one that
    reads as a whole ("satu tiga sembilan tiga" rather than "satu tiga semeren tiga", whose
    unknown word is a dropped digit; of the expected length when one is expected). Asked
    again (``understood`` False, the text shown as heard) rather than guessed when the
    chosen hypothesis scores below ``min_logprob``, when no hypothesis reads as digits, or
    when another one that reads as different digits scores within ``margin`` of it (a
    reading that only drops digits of it is no rival; one that keeps a digit it drops is,
    within ``LONGER_MARGIN``). A button the best one takes by likeness alone is asked again
    when another hypothesis reads as another button. A yes/no the best one does not read is
    taken from one within ``AGREE_MARGIN`` of it when no hypothesis says the other value.
    Hypotheses that only repeat ``prompt`` (the hint) are left out first. With
    ``heard_syllables`` (the loudness peaks of the speech, :mod:`voice.syllables`), digits
    take a reading that keeps a repeated digit the chosen one drops when the speech held a
    digit word more (:func:`_kept_repeat`).
    """
    first = heard.hypotheses[0]
    chosen: tuple[Hypothesis, Reading] | None = None
    # a hypothesis that is the hint itself ("Ya. Tidak.") repeats the prompt, not the audio
    echo = _words(prompt)
    kept = [h for h in heard.hypotheses if not echo or _words(h.text) != echo]
    if not kept:
        return spoken.clean(first.text), Reading(expects.kind, False)
    first = kept[0]
    readings = [(h, read(spoken.clean(h.text), expects)) for h in kept]
    if digit_kind(expects):
        valid = [(h, r) for h, r in readings if r and r.understood and only_digits(h.text)]
        if valid:
            chosen = valid[0]
            if _rivalled(valid, chosen, margin, heard_syllables):
                chosen = None
            elif heard_syllables is not None:
                longer = _kept_repeat(valid, chosen, heard_syllables)
                if longer is not chosen:
                    chosen = None if _rivalled(valid, longer, margin) else longer
    elif readings[0][1] is not None and not _disputed(readings):
        chosen = _near_answer(readings) or (first, readings[0][1])
    if chosen is None or chosen[0].avg_logprob < min_logprob:
        return spoken.clean(first.text), Reading(expects.kind, False)
    return spoken.clean(chosen[0].text), chosen[1]
