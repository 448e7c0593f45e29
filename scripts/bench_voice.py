"""Speech recognition on recorded Indonesian speech, per setting: WER, real-time factor, and
short-answer accuracy -> the "Voice" section of BENCHMARKS.md (through scripts/bench.py).

The clips come from ``scripts/voice_corpus.py`` (public corpora, CC BY-NC-SA 4.0, fetched at
benchmark time into a folder outside the repository, never committed). Settings compared:

- WER on sentences and single words (``sentence``, ``word`` clips) for each entry of
  :data:`SETTINGS`, the first being the settings before issue 18 (beam 1, no hint);
- short answers: a choice among four offered buttons (real single words of the dialog
  corpus), yes/no (the corpus's "bisa" and "tidak", plus espeak-ng words, marked synthetic),
  connected digits (the digit corpus), read the old way (the bot's own readers on the plain
  transcript) and the new way (``expects``: the answer's hint and ``voice.reading``).

WER is given two ways: "words" writes digits the recogniser wrote as number words (as the
older bench did: "112" -> "seratus dua belas" against a reference "satu satu dua"), "digits"
reads numbers on both sides as digits compared one by one ("satu satu dua" and "112" agree;
"lima puluh ribu" and "50.000" too).

Usage:
    .venv/bin/python scripts/bench_voice.py DIR [--settings 0,1,2] [--limit N] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# name, SttConfig changes. The first is the default before issue 18.
SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("beam 1, no hint (before)", {"beam_size": 1, "domain_hint": "none"}),
    ("beam 5, no hint", {"beam_size": 5, "domain_hint": "none"}),
    ("beam 5 + domain prompt", {"beam_size": 5, "domain_hint": "prompt"}),
    (
        "beam 5 + short prompt (a sentence, RT/RW, one kelurahan)",
        {"beam_size": 5, "domain_hint": "short"},
    ),
    ("beam 5 + domain hotwords", {"beam_size": 5, "domain_hint": "hotwords"}),
    (
        "beam 5, VAD 0.35 / pad 600 ms",
        {"beam_size": 5, "domain_hint": "none", "vad_threshold": 0.35, "vad_speech_pad_ms": 600},
    ),
]
# Ways of reading short answers: name, SttConfig changes, with ``expects``.
SHORT_ROWS: list[tuple[str, dict[str, Any], bool]] = [
    ("before: plain transcript, bot's readers", SETTINGS[0][1], False),
    ("expects: answer hint + reading of the transcript", {"n_best": 0}, True),
    ("expects: 5 best hypotheses + confidence gate", {"n_best": 5}, True),
]
# Synthetic yes/no answers (espeak-ng): word, expected value.
SYNTHETIC_YES_NO = [
    ("ya", True),
    ("iya", True),
    ("betul", True),
    ("boleh", True),
    ("tidak", False),
    ("bukan", False),
    ("belum", False),
    ("enggak", False),
]
ESPEAK_VOICES = [("id", 130), ("id+f2", 120), ("id+m3", 150)]


@dataclass
class Clip:
    path: str
    corpus: str
    kind: str
    ref: str
    samples: Any = None
    synthetic: bool = False


def manifest(folder: Path, limit: int = 0) -> list[Clip]:
    from voice import audio

    limits = audio.AudioLimits(max_duration_s=120)
    clips = []
    for line in (folder / "manifest.tsv").read_text(encoding="utf-8").splitlines():
        path, corpus, kind, ref = line.split("\t")
        clip = Clip(path, corpus, kind, ref)
        clip.samples = audio.decode((folder / path).read_bytes(), limits)
        clips.append(clip)
    if limit:
        by_kind: dict[str, list[Clip]] = {}
        for clip in clips:
            by_kind.setdefault(clip.kind, []).append(clip)
        clips = [
            group[round(i * len(group) / min(limit, len(group)))]
            for group in by_kind.values()
            for i in range(min(limit, len(group)))
        ]
    return clips


def synthetic_yes_no() -> list[Clip]:
    from voice import audio

    clips = []
    for word, value in SYNTHETIC_YES_NO:
        for voice, wpm in ESPEAK_VOICES:
            wav = subprocess.run(
                ["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", word],
                capture_output=True,
                check=True,
            ).stdout
            samples = audio.decode(wav, audio.AudioLimits())
            clips.append(Clip(f"espeak:{voice}:{word}", "espeak", "yes_no", str(value).lower()))
            clips[-1].samples, clips[-1].synthetic = samples, True
    return clips


# -- word error rate ------------------------------------------------------------------------


def words_as_words(text: str) -> list[str]:
    from voice.say import number_words

    text = re.sub(r"(\d)[.,](\d{3})\b", r"\1\2", text.lower())
    text = re.sub(r"\d+", lambda m: " " + number_words(int(m.group())) + " ", text)
    return re.findall(r"[a-z]+", text)


def words_as_digits(text: str) -> list[str]:
    from core.lang.numbers import words_to_digits

    text = re.sub(r"(\d)[.,](?=\d{3}\b)", r"\1", text.lower())
    text = re.sub(r"\brp\.?\s*(\d+)", r"\1 rupiah", text)
    text = words_to_digits(" ".join(re.findall(r"[a-z]+|\d+", text)))
    text = re.sub(r"\b(?:kosong|nol)\b", "0", text)
    return [ch for tok in text.split() for ch in ([*tok] if tok.isdigit() else [tok])]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(pairs: list[tuple[str, str]], tokens: Any) -> float:
    errors = sum(edit_distance(tokens(ref), tokens(hyp)) for ref, hyp in pairs)
    return errors / max(1, sum(len(tokens(ref)) for ref, _ in pairs))


# -- running --------------------------------------------------------------------------------


def recogniser(changes: dict[str, Any], threads: int, model: Any) -> Any:
    from voice.stt import SpeechToText, SttConfig

    stt = SpeechToText(SttConfig(cpu_threads=threads, **changes))
    stt._model = model  # one loaded model for every setting: only decoding options differ
    return stt


def timed(stt: Any, clip: Clip, expects: Any = None) -> tuple[str, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    text, _ = stt.transcribe_samples(clip.samples, expects)
    return text, time.perf_counter() - t0, time.process_time() - c0


def run_wer(stt: Any, clips: list[Clip]) -> dict[str, Any]:
    rows = [(c, *timed(stt, c)) for c in clips if c.kind in ("sentence", "word")]
    audio_s = sum(c.samples.size / 16000 for c, *_ in rows)
    out: dict[str, Any] = {"n": len(rows), "audio_s": audio_s}
    for label, keep in (("all", ("sentence", "word")), ("sentence", ("sentence",))):
        pairs = [(c.ref, text) for c, text, *_ in rows if c.kind in keep]
        out[f"wer_words_{label}"] = wer(pairs, words_as_words)
        out[f"wer_digits_{label}"] = wer(pairs, words_as_digits)
    words = [(c.ref, text) for c, text, *_ in rows if c.kind == "word"]
    out["word_exact"] = sum(words_as_words(r) == words_as_words(h) for r, h in words) / max(
        1, len(words)
    )
    out["rtf"] = sum(w for *_, w, _ in rows) / audio_s
    out["cpu_rtf"] = sum(cpu for *_, cpu in rows) / audio_s
    out["p50_s"] = statistics.median(w for *_, w, _ in rows)
    out["examples"] = [(c.ref, text) for c, text, *_ in rows if c.kind == "sentence"][:4]
    return out


def choice_task(clips: list[Clip]) -> list[tuple[Clip, list[str], int]]:
    """Each word offered among three other words of the corpus (fixed seed)."""
    vocabulary = sorted({c.ref for c in clips if c.kind in ("choice", "word")})
    rng = random.Random(18)
    tasks = []
    for clip in (c for c in clips if c.kind == "choice"):
        others = rng.sample([w for w in vocabulary if w != clip.ref], 3)
        titles = [*others, clip.ref]
        rng.shuffle(titles)
        tasks.append((clip, [t.capitalize() for t in titles], titles.index(clip.ref)))
    return tasks


def run_short(stt: Any, clips: list[Clip], new: bool) -> dict[str, Any]:
    """Short-answer accuracy; ``new``: with ``expects`` (hint + voice.reading), else the
    bot's own readers on the plain transcript (how answers were read before issue 18)."""
    from core.lang.answers import pick_choice, yes_no
    from voice import spoken
    from voice.reading import Expects

    results: dict[str, list[bool]] = {"choice": [], "yes_no": [], "yes_no_real": [], "digits": []}
    asked: dict[str, int] = dict.fromkeys(results, 0)  # not understood: the kiosk asks again
    latency: list[float] = []
    misses: list[str] = []

    def one(clip: Clip, expects: Expects) -> tuple[str, Any]:
        t0 = time.perf_counter()
        if new:
            text, _, reading = stt.listen(clip.samples, expects)
        else:
            text, _ = stt.transcribe_samples(clip.samples, None)
            reading = None
        latency.append(time.perf_counter() - t0)
        if reading is not None and not reading.understood:
            kind = "digits" if expects.kind == "digits" else expects.kind
            asked[kind] += 1
            if kind == "yes_no" and not clip.synthetic:
                asked["yes_no_real"] += 1
        return text, reading.value if reading and reading.understood else None

    for clip, titles, index in choice_task(clips):
        options = [{"title": t, "payload": f"/choose{{{i}}}"} for i, t in enumerate(titles)]
        text, value = one(clip, Expects(kind="choice", options=options))
        ok = (value if new else pick_choice(text, titles)) == index
        results["choice"].append(ok)
        if not ok:
            misses.append(f"choice {clip.ref!r} among {titles} -> {text!r}")
    for clip in [c for c in clips if c.kind == "yes_no"]:
        text, value = one(clip, Expects(kind="yes_no"))
        want = clip.ref in ("bisa", "true")
        ok = (value if new else yes_no(text)) is want
        results["yes_no"].append(ok)
        if not clip.synthetic:
            results["yes_no_real"].append(ok)
        if not ok:
            misses.append(f"yes_no {clip.path.split('/')[-1]} {clip.ref!r} -> {text!r}")
    for clip in [c for c in clips if c.kind == "digits"]:
        text, value = one(clip, Expects(kind="digits"))
        ok = (value if new else spoken.normalize(text, "nik")) == clip.ref
        results["digits"].append(ok)
        if not ok:
            misses.append(f"digits {clip.ref} -> {text!r}")
    out: dict[str, Any] = {k: (sum(v), len(v)) for k, v in results.items()}
    scored = results["choice"] + results["yes_no"] + results["digits"]
    real = results["choice"] + results["yes_no_real"] + results["digits"]
    out["all"] = (sum(scored), len(scored))
    out["real"] = (sum(real), len(real))
    if new:  # right / asked again / wrong
        out["asked"] = asked
        out["asked"]["all"] = asked["choice"] + asked["yes_no"] + asked["digits"]
        out["asked"]["real"] = asked["choice"] + asked["yes_no_real"] + asked["digits"]
    out["p50_s"] = statistics.median(latency)
    out["misses"] = misses[:12]
    return out


def measure(
    folder: Path,
    settings: list[int],
    limit: int,
    threads: int,
    short: bool = True,
    short_rows: tuple[int, ...] = (0, 1, 2),
) -> dict[str, Any]:
    from faster_whisper import WhisperModel

    from voice.models import resolve_model

    clips = manifest(folder, limit) + synthetic_yes_no()
    model = WhisperModel(resolve_model(""), device="cpu", compute_type="int8", cpu_threads=threads)
    result: dict[str, Any] = {"wer": [], "short": []}
    for k in settings:
        name, changes = SETTINGS[k]
        print(f"[bench-voice] WER: {name}", file=sys.stderr, flush=True)
        result["wer"].append({"name": name, **run_wer(recogniser(changes, threads, model), clips)})
        print(json.dumps(result["wer"][-1], ensure_ascii=False), file=sys.stderr, flush=True)
    for name, changes, new in [SHORT_ROWS[k] for k in (short_rows if short else [])]:
        print(f"[bench-voice] short answers: {name}", file=sys.stderr, flush=True)
        stt = recogniser(changes, threads, model)
        result["short"].append({"name": name, **run_short(stt, clips, new)})
        print(json.dumps(result["short"][-1], ensure_ascii=False), file=sys.stderr, flush=True)
    counts: dict[str, int] = {}
    for clip in clips:
        key = f"{clip.corpus}/{clip.kind}"
        counts[key] = counts.get(key, 0) + 1
    result["counts"] = counts
    return result


def main() -> int:
    from bench_voice_report import report

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--markdown", action="store_true", help="print the report's Markdown")
    parser.add_argument("--from-json", type=Path, help="render a saved result, measure nothing")
    # hotwords (4) left out by default: no better than the prompt in a 27-clip trial
    parser.add_argument("--settings", default="0,1,2,3,5")
    parser.add_argument("--limit", type=int, default=70, help="N clips of each kind (0: all)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-short", action="store_true", help="WER only")
    parser.add_argument("--short-rows", default="0,1,2", help="which SHORT_ROWS to measure")
    parser.add_argument("--merge", type=Path, help="a saved result whose other rows to keep")
    args = parser.parse_args()
    chosen = [int(k) for k in args.settings.split(",") if k]
    if args.from_json:
        result = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        rows = tuple(int(k) for k in args.short_rows.split(",") if k)
        result = measure(args.folder, chosen, args.limit, args.threads, not args.no_short, rows)
        if args.merge:  # rows measured earlier, each kept unless measured again now
            saved = json.loads(args.merge.read_text(encoding="utf-8"))
            for key in ("wer", "short"):
                again = {r["name"] for r in result[key]}
                kept = [r for r in saved.get(key, []) if r["name"] not in again]
                result[key] = kept + result[key]
            result["counts"] = result["counts"] or saved.get("counts", {})
    for short in result["short"]:
        for miss in short.get("misses", []):  # local eyes only, never into the repository
            print(f"[{short['name']}] {miss}", file=sys.stderr)
    if args.markdown:
        print(report(result, f"{args.threads} threads"))
    else:
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
