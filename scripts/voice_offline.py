"""Offline experiments on short-answer readings: decode once, try a rule in seconds.

``dump`` decodes every short-answer clip of a ``scripts/voice_corpus.py`` folder (all digit
clips, the real and synthetic yes/no, all choice clips) the way the kiosk does
(``SpeechToText.listen``'s path: VAD, the answer's hint, the n best and, for digits, the
greedy reading) and saves the hypotheses with their scores to ``OUT/heard.json``, and the
encoder output of each digit clip to ``OUT/enc/<n>.npy`` (for re-scoring readings with the
decoder). ``score`` applies the current ``voice.nbest.choose`` to the saved hypotheses and
prints right / asked again / wrong, the bench's clips (``scripts/bench_voice.py``'s
``--limit 70`` pick) apart from the others (the digit and choice clips it leaves out, and
72 held-out synthetic yes/no: 18 answer words in 4 other espeak-ng voices), so that a rule
is checked on clips it was not tuned on. Local only: no audio or transcript of the corpora
is committed.

Usage:
    PYTHONPATH=. .venv/bin/python scripts/voice_offline.py dump DIR OUT
    PYTHONPATH=. .venv/bin/python scripts/voice_offline.py score DIR OUT [--show]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

LIMIT = 70  # the bench's clips of each kind
# Held-out synthetic yes/no (not in the bench): other espeak-ng voices and answer words,
# colloquial and regional ones among them; word, expected value.
HELD_OUT_YES_NO = [
    *[(w, True) for w in ("bisa", "mau", "benar", "sudah", "iya dong", "nggih", "sampun")],
    *[(w, True) for w in ("oke", "boleh saja")],
    *[(w, False) for w in ("nggak", "jangan", "gak", "tidak mau", "mboten", "ndak")],
    *[(w, False) for w in ("gak usah", "tidak usah", "belum")],
]
HELD_OUT_VOICES = [("id+f3", 125), ("id+m1", 135), ("id+m7", 115), ("id+f4", 145)]


def held_out_yes_no() -> list[Any]:
    import bench_voice

    from voice import audio

    clips = []
    for word, value in HELD_OUT_YES_NO:
        for voice, wpm in HELD_OUT_VOICES:
            cmd = ["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", word]
            wav = subprocess.run(cmd, capture_output=True, check=True).stdout
            clip = bench_voice.Clip(f"held:{voice}:{word}", "espeak", "yes_no", str(value).lower())
            clip.samples, clip.synthetic = audio.decode(wav, audio.AudioLimits()), True
            clips.append(clip)
    return clips


def _clips(folder: Path) -> tuple[list[Any], set[str]]:
    from bench_voice import choice_task, manifest, synthetic_yes_no

    bench_synthetic = synthetic_yes_no()
    every = manifest(folder) + bench_synthetic + held_out_yes_no()
    bench = {c.path for c in manifest(folder, LIMIT)} | {c.path for c in bench_synthetic}
    tasks = {c.path: titles for c, titles, _ in choice_task(every)}
    for clip in every:
        clip.titles = tasks.get(clip.path)
    return [c for c in every if c.kind in ("digits", "yes_no", "choice")], bench


def _expects(clip: Any) -> Any:
    from voice.reading import Expects

    if clip.kind == "choice":
        options = [{"title": t, "payload": f"/choose{{{i}}}"} for i, t in enumerate(clip.titles)]
        return Expects(kind="choice", options=options)
    return Expects(kind=clip.kind)


def dump(folder: Path, out: Path) -> None:
    import numpy as np

    from voice import nbest, syllables
    from voice.stt import SpeechToText, SttConfig

    stt = SpeechToText(SttConfig(cpu_threads=2))
    model = stt.load()
    config = stt.config
    encode = model.encode
    last: dict[str, Any] = {}

    def keep(features: Any) -> Any:
        last["enc"] = encode(features)
        return last["enc"]

    model.encode = keep  # type: ignore[method-assign]
    (out / "enc").mkdir(parents=True, exist_ok=True)
    clips, bench = _clips(folder)
    saved = []
    started = time.perf_counter()
    for n, clip in enumerate(clips):
        expects = _expects(clip)
        samples = nbest.speech_only(
            clip.samples,
            config.vad_threshold,
            config.vad_min_silence_ms,
            config.vad_speech_pad_ms,
        )
        prompt = stt.hint(expects).get("initial_prompt", "")
        heard = nbest.hypotheses(
            model,
            samples,
            language=config.language,
            prompt=prompt,
            beam_size=config.beam_size,
            count=config.n_best,
            greedy=config.digits_greedy and nbest.digit_kind(expects),
        )
        assert heard is not None
        if clip.kind == "digits":
            np.save(out / "enc" / f"{n}.npy", np.array(last["enc"]).astype(np.float16))
        saved.append(
            {
                "n": n,
                "path": clip.path,
                "kind": clip.kind,
                "ref": clip.ref,
                "synthetic": clip.synthetic,
                "bench": clip.path in bench,
                "titles": clip.titles,
                "prompt": prompt,
                "frames": int(samples.size // 160),
                "no_speech": heard.no_speech_prob,
                "hyps": [[h.text, h.avg_logprob] for h in heard.hypotheses],
                "syllables": syllables.nuclei(samples) if clip.kind == "digits" else None,
            }
        )
        if n % 20 == 0:
            print(f"{n}/{len(clips)} {time.perf_counter() - started:.0f} s", file=sys.stderr)
    (out / "heard.json").write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")


def outcome(row: dict[str, Any], reading: Any) -> str:
    """'right', 'asked' or 'wrong' for a saved clip and the reading chosen for it."""
    if not reading.understood:
        return "asked"
    if row["kind"] == "digits":
        want: Any = row["ref"]
    elif row["kind"] == "yes_no":
        want = row["ref"] in ("bisa", "true")
    else:
        want = [t.lower() for t in row["titles"]].index(row["ref"].lower())
    return "right" if reading.value == want else "wrong"


def score(out: Path, show: bool) -> dict[str, dict[str, int]]:
    from voice.nbest import Heard, Hypothesis, choose
    from voice.reading import Expects

    rows = json.loads((out / "heard.json").read_text(encoding="utf-8"))
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        if row["kind"] == "choice":
            options = [{"title": t, "payload": str(i)} for i, t in enumerate(row["titles"])]
            expects = Expects(kind="choice", options=options)
        else:
            expects = Expects(kind=row["kind"])
        heard = Heard(tuple(Hypothesis(t, s) for t, s in row["hyps"]), row["no_speech"])
        counted = row.get("syllables")
        text, reading = choose(heard, expects, prompt=row["prompt"], heard_syllables=counted)
        result = outcome(row, reading)
        group = f"{row['kind']}{'/synthetic' if row['synthetic'] else ''}"
        group += " bench" if row["bench"] else " others"
        counts = table.setdefault(group, {"right": 0, "asked": 0, "wrong": 0})
        counts[result] += 1
        if show and result != "right":
            hyps = " | ".join(f"{t} {s:.3f}" for t, s in row["hyps"])
            print(f"{group:22} {result:5} {row['ref']:>8} -> {text!r}  [{hyps}]")
    for group in sorted(table):
        c = table[group]
        print(f"{group:24} {c['right']:3} / {c['asked']:2} / {c['wrong']:2}")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("dump", "score"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--show", action="store_true", help="print the clips not right")
    args = parser.parse_args()
    if args.action == "dump":
        dump(args.folder, args.out)
    else:
        score(args.out, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
