"""Speed, memory and accuracy figures -> BENCHMARKS.md (section "Voice").

For each speech model: load time, speech-to-text latency and real-time factor for short
(3-5 s) and long (about 20 s) utterances, peak memory of the process, and word error rate on
Indonesian clips. Text to speech: espeak-ng uncached per format, cached (memory and disk).

The test clips are synthesised with espeak-ng (``voice/data/bench_sentences.txt``): a robotic
voice, so the WER is pessimistic for people. ``--real DIR`` adds recorded speech: WER and
real-time factor per decoding setting and short-answer accuracy (``scripts/bench_voice.py``)
on a folder made by ``scripts/voice_corpus.py`` (public corpora under CC BY-NC-SA: measure
only, never commit the audio).

Each model runs in its own subprocess, so its peak memory is its own.

Usage:
    .venv/bin/python scripts/bench.py [--models "",small] [--runs 5] [--real DIR] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = ROOT / "voice" / "data" / "bench_sentences.txt"
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- voice:start -->", "<!-- voice:end -->"


def espeak_wav(text: str, wpm: int = 140) -> bytes:
    return subprocess.run(
        ["espeak-ng", "-v", "id", "-s", str(wpm), "--stdout", text], capture_output=True, check=True
    ).stdout


def sentences() -> list[str]:
    lines = SENTENCES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def words(text: str) -> list[str]:
    from voice.say import number_words

    text = re.sub(r"\d+", lambda m: " " + number_words(int(m.group())) + " ", text.lower())
    return re.findall(r"[a-z]+", text)


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(pairs: list[tuple[str, str]]) -> float:
    errors = sum(edit_distance(words(ref), words(hyp)) for ref, hyp in pairs)
    return errors / max(1, sum(len(words(ref)) for ref, _ in pairs))


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# -- speech to text (one model per subprocess) ---------------------------------------------


def stt_worker(model: str, runs: int, threads: int) -> dict[str, Any]:
    import numpy as np

    from voice import audio
    from voice.stt import SpeechToText, SttConfig

    limits = audio.AudioLimits(max_duration_s=120)
    texts = sentences()
    clips = [(t, audio.decode(espeak_wav(t), limits)) for t in texts]
    short = [(t, c) for t, c in clips if 3.0 <= c.size / 16000 <= 5.0][:3]
    long_text = " ".join(texts[:6])
    long_clip = audio.decode(espeak_wav(long_text), limits)
    rss_before = rss_mb()

    stt = SpeechToText(SttConfig(model=model, cpu_threads=threads, limits=limits))
    started = time.perf_counter()
    stt.load()
    load_s = time.perf_counter() - started
    rss_loaded = rss_mb()
    stt.transcribe_samples(clips[0][1])  # warm-up

    cpu: dict[str, list[float]] = {"short": [], "long": []}

    def timed(samples: np.ndarray, kind: str) -> float:
        t0, c0 = time.perf_counter(), time.process_time()
        stt.transcribe_samples(samples)
        cpu[kind].append(time.process_time() - c0)
        return time.perf_counter() - t0

    short_lat = [timed(c, "short") for _ in range(runs) for _, c in short]
    short_dur = statistics.median(c.size / 16000 for _, c in short)
    long_lat = [timed(long_clip, "long") for _ in range(max(2, runs // 2))]
    synthetic = [(t, stt.transcribe_samples(c)[0]) for t, c in clips]
    result: dict[str, Any] = {
        "model": model or "base (assembled, int8)",
        "threads": threads,
        "load_s": load_s,
        "short_s": short_dur,
        "short_p50": statistics.median(short_lat),
        "short_max": max(short_lat),
        "short_n": len(short_lat),
        "short_cpu": statistics.median(cpu["short"]),
        "long_cpu": statistics.median(cpu["long"]),
        "long_s": long_clip.size / 16000,
        "long_p50": statistics.median(long_lat),
        "long_n": len(long_lat),
        "rss_model_mb": rss_loaded - rss_before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "wer_synthetic": wer(synthetic),
        "n_synthetic": len(synthetic),
        "examples": synthetic[:3],
    }
    return result


def run_stt(model: str, runs: int, threads: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--stt-worker", model, "--runs", str(runs)]
    cmd += ["--threads", str(threads)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"model": model or "base", "error": proc.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# -- text to speech -----------------------------------------------------------------------------


def cpu_now() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def bench_tts(runs: int) -> dict[str, Any]:
    from voice.tts import TextToSpeech, TtsConfig

    texts = sentences()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tts = TextToSpeech(TtsConfig(cache_dir=Path(tmp), gtts_enabled=False))
        tts.synthesize_blocking("pemanasan", fmt="wav")
        for fmt in ("wav", "mp3", "ogg"):
            lat, cpu = [], []
            for i in range(runs * 2):
                t0, c0 = time.perf_counter(), cpu_now()
                tts.synthesize_blocking(texts[i % len(texts)] + f" {fmt} {i}", fmt=fmt)  # type: ignore[arg-type]
                lat.append(time.perf_counter() - t0)
                cpu.append(cpu_now() - c0)
            out[f"uncached_{fmt}_p50"] = statistics.median(lat)
            out[f"uncached_{fmt}_cpu"] = statistics.median(cpu)
        speech = espeak_wav(texts[0])
        out["espeak_audio_s"] = (len(speech) - 44) / 2 / 22050
        lat = []
        for _ in range(runs * 4):
            t0 = time.perf_counter()
            tts.synthesize_blocking(texts[0] + " mp3 0", fmt="mp3")
            lat.append(time.perf_counter() - t0)
        out["cached_memory_p50"] = statistics.median(lat)
        out["cached_memory_max"] = max(lat)
        lat = []
        for _ in range(runs * 4):
            fresh = TextToSpeech(TtsConfig(cache_dir=Path(tmp), gtts_enabled=False))
            t0 = time.perf_counter()
            fresh.synthesize_blocking(texts[0] + " mp3 0", fmt="mp3")
            lat.append(time.perf_counter() - t0)
        out["cached_disk_p50"] = statistics.median(lat)
    return out


# -- report -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {system}"


def ms(seconds: float) -> str:
    if seconds >= 0.1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds * 1000:.1f} ms" if seconds >= 0.001 else f"{seconds * 1000:.2f} ms"


def report(
    stt: list[dict[str, Any]], tts: dict[str, Any], load: tuple[float, float], recorded: str = ""
) -> str:
    lines = [
        START,
        "## Voice",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `make bench` on {machine()};",
        f"load average {load[0]:.1f} at start, {load[1]:.1f} at end (the machine is shared:"
        " medians are quoted; CPU is the process's CPU time, all threads, a steadier figure",
        "when others load the machine). CTranslate2 int8, the app's default decoding (SttConfig:",
        "beam and hint as chosen below), VAD filter on, the number of threads given below.",
        "Test clips are **synthesised with espeak-ng** (`-v id`, 140 wpm) from",
        "`voice/data/bench_sentences.txt`: robotic speech, so their WER is pessimistic. Recorded",
        "speech: `--real DIR` (a folder made by `scripts/voice_corpus.py`), next section.",
        "",
        "| model | threads | load | short clip: wall (median) | CPU | RTF short "
        "| long clip: wall | CPU | RTF long | model RAM | peak RSS | WER synthetic |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in stt:
        if "error" in r:
            lines.append(f"| {r['model']} | failed: {' '.join(r['error'])} |")
            continue
        lines.append(
            f"| {r['model']} | {r['threads']} | {r['load_s']:.1f} s "
            f"| {r['short_p50']:.2f} s for {r['short_s']:.1f} s (n={r['short_n']}, max "
            f"{r['short_max']:.2f} s) | {r['short_cpu']:.2f} s "
            f"| {r['short_p50'] / r['short_s']:.2f} "
            f"| {r['long_p50']:.2f} s for {r['long_s']:.1f} s | {r['long_cpu']:.2f} s "
            f"| {r['long_p50'] / r['long_s']:.2f} "
            f"| {r['rss_model_mb']:.0f} MB | {r['peak_rss_mb']:.0f} MB "
            f"| {r['wer_synthetic']:.1%} ({r['n_synthetic']} clips) |"
        )
    lines += ["", "Targets:", ""]
    for r in stt:
        if "error" in r:
            continue
        # Whisper pads every input to a 30 s window: a 3-5 s clip costs about what 5 s costs.
        wall, cpu, floor = r["short_p50"], r["short_cpu"], r["short_cpu"] / r["threads"]
        if wall <= 1.0:
            verdict = "met"
        elif floor <= 1.0:
            verdict = (
                "not shown on this loaded machine; its CPU time allows it only with both"
                " cores free and perfect use of them"
            )
        else:
            verdict = "not met"
        lines.append(
            f"- {r['model']}: 5 s utterance <= 1.0 s on {r['threads']} cores: "
            f"{wall:.2f} s wall here for {r['short_s']:.1f} s clips, CPU {cpu:.2f} s (so at "
            f"least {floor:.2f} s even on idle cores): {verdict}."
        )
    cached = tts["cached_memory_p50"]
    lines.append(f"- cached TTS <= 10 ms: {ms(cached)}: {'met' if cached <= 0.01 else 'not met'}.")
    espeak = tts["uncached_wav_p50"]
    lines.append(
        f"- uncached espeak-ng <= 200 ms: {ms(espeak)} for wav "
        f"({'met' if espeak <= 0.2 else 'not met'}); mp3 {ms(tts['uncached_mp3_p50'])}, "
        f"ogg {ms(tts['uncached_ogg_p50'])} with encoding (CPU {ms(tts['uncached_mp3_cpu'])}, "
        f"{ms(tts['uncached_ogg_cpu'])})."
    )
    lines += ["", "Examples (reference -> heard):", ""]
    for r in stt:
        for ref, hyp in r.get("examples", []):
            lines.append(f"- {ref} -> {hyp}")
    lines += [
        "",
        "Text to speech (espeak-ng offline path; gTTS needs Google's endpoint, unreachable here):",
        "",
        "| what | wall (median) | CPU (median) |",
        "|---|---|---|",
        f"| uncached, wav (espeak-ng only) | {ms(tts['uncached_wav_p50'])} "
        f"| {ms(tts['uncached_wav_cpu'])} |",
        f"| uncached, mp3 (espeak-ng + PyAV lame) | {ms(tts['uncached_mp3_p50'])} "
        f"| {ms(tts['uncached_mp3_cpu'])} |",
        f"| uncached, ogg/opus (espeak-ng + PyAV opus) | {ms(tts['uncached_ogg_p50'])} "
        f"| {ms(tts['uncached_ogg_cpu'])} |",
        f"| cached, memory | {ms(tts['cached_memory_p50'])} "
        f"(max {ms(tts['cached_memory_max'])}) | |",
        f"| cached, disk (new process) | {ms(tts['cached_disk_p50'])} | |",
        "",
        f"(a sentence of about {tts['espeak_audio_s']:.1f} s of speech)",
        "",
        recorded.rstrip("\n") or "(recorded speech not measured in this run: `--real DIR`)",
        END,
    ]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=os.environ.get("HALO_BENCH_MODELS", ""))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--real", default=os.environ.get("HALO_BENCH_REAL_DIR"))
    parser.add_argument("--real-json", help="the recorded-speech part from a saved result")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--stt-worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stt_worker is not None:
        print(json.dumps(stt_worker(args.stt_worker, args.runs, args.threads)))
        return 0
    load_start = os.getloadavg()[0]
    models = args.models.split(",") if args.models else [""]
    stt = []
    for model in models:
        print(f"[bench] speech to text: {model or 'base (assembled)'}", flush=True)
        stt.append(run_stt(model, args.runs, args.threads))
    print("[bench] text to speech", flush=True)
    tts = bench_tts(args.runs)
    recorded = ""
    if args.real or args.real_json:  # recorded speech, per setting (scripts/bench_voice.py)
        print(f"[bench] recorded speech: {args.real or args.real_json}", flush=True)
        cmd = [sys.executable, str(ROOT / "scripts" / "bench_voice.py"), args.real or "-"]
        cmd += ["--markdown", "--threads", str(args.threads)]
        cmd += ["--from-json", args.real_json] if args.real_json else []
        recorded = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    section = report(stt, tts, (load_start, os.getloadavg()[0]), recorded)
    print(section)
    if not args.no_write:
        write(section)
        print(f"[bench] written to {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
