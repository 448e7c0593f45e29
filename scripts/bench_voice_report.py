"""The Markdown of the recorded-speech part of BENCHMARKS.md "Voice" from a result of
``scripts/bench_voice.py`` (kept apart so that script stays short)."""

from __future__ import annotations

from typing import Any


def pct(pair: list[int]) -> str:
    return f"{pair[0] / max(1, pair[1]):.1%} ({pair[0]}/{pair[1]})"


def outcome(row: dict[str, Any], key: str) -> str:
    """ "right / asked / wrong" of ``n`` for one column of a gated reading."""
    right, n = row[key]
    asked = row["asked"][key]
    return f"{right} / {asked} / **{n - right - asked}** of {n}"


def report(result: dict[str, Any], cores: str) -> str:
    """The Markdown of the recorded-speech part of BENCHMARKS.md "Voice"."""
    counts = result["counts"]
    n_wer = result["wer"][0]["n"] if result["wer"] else 0
    lines = [
        "### Recorded speech (issue 18)",
        "",
        f"{n_wer} recorded clips for the WER ({counts.get('svcsr/sentence', 0)} dialog sentences"
        f" and {counts.get('svcsr/word', 0)} single words by 12 speakers of"
        f" s-sakti/data_indsp_teldialog_svcsr, {counts.get('news/sentence', 0)} news sentences"
        " of s-sakti/data_indsp_news_tts), fetched by `scripts/voice_corpus.py` at benchmark"
        " time, CC BY-NC-SA 4.0, measured only and never committed. Whisper base int8, one"
        f" model, {cores}; RTF = processing time / audio time (CPU: the process's CPU"
        " seconds, steadier on a shared machine; wall: elapsed).",
        "",
        "| setting | WER (words) | WER (digits) | sentences only (words) | single words"
        " heard exactly | RTF CPU | RTF wall | median wall per clip |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["wer"]:
        lines.append(
            f"| {r['name']} | {r['wer_words_all']:.1%} | {r['wer_digits_all']:.1%} "
            f"| {r['wer_words_sentence']:.1%} | {r['word_exact']:.1%} | {r['cpu_rtf']:.2f} "
            f"| {r['rtf']:.2f} | {r['p50_s']:.2f} s |"
        )
    lines += [
        "",
        "Short answers: a choice among four buttons (real single words of the dialog corpus,"
        ' three other words of it as the other buttons), yes/no (real: the corpus\'s "bisa"'
        ' and "tidak" by 12 speakers; synthetic: espeak-ng "ya", "iya", "betul",'
        ' "boleh", "tidak", "bukan", "belum", "enggak" in 3 voices), connected'
        f" digits ({counts.get('digit/digits', 0)} real clips of 12 speakers of"
        " s-sakti/data_indsp_digit_cdsr, 1 to 7 digits, the whole string must be right).",
        "",
        "| reading | choice | yes/no real | yes/no incl. synthetic | digits | all real"
        " | all | median wall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["short"]:
        lines.append(
            f"| {r['name']} | {pct(r['choice'])} | {pct(r['yes_no_real'])} | {pct(r['yes_no'])} "
            f"| {pct(r['digits'])} | {pct(r['real'])} | {pct(r['all'])} | {r['p50_s']:.2f} s |"
        )
    gated = [r for r in result["short"] if "asked" in r]
    if gated:
        lines += [
            "",
            "Right / asked again / **wrong** (a reading not understood makes the kiosk show"
            ' "Saya mendengar: ..." and ask again, or take the keypad or the buttons; a wrong'
            " value accepted is the harm):",
            "",
            "| reading | choice | yes/no real | yes/no incl. synthetic | digits | all real | all |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in gated:
            cells = [outcome(r, k) for k in ("choice", "yes_no_real", "yes_no", "digits")]
            cells += [outcome(r, "real"), outcome(r, "all")]
            lines.append(f"| {r['name']} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "5 best hypotheses (`voice/nbest.py`): CTranslate2's beam search asked for 5"
            " hypotheses with their scores; digits take the best one whose every word is a"
            ' digit word ("satu tiga sembilan tiga" over "satu tiga semeren tiga", whose unknown'
            " word is a dropped digit), of the expected length when there is one (NIK); asked"
            " again when none reads whole, when another reading of different digits scores"
            " within 0.05, or when the chosen one's mean log-probability is below -1.0"
            " (faster-whisper's own `log_prob_threshold`); a yes/no or a choice is read from the"
            " best hypothesis only (a lower one that reads as an answer is as likely the"
            " opposite). The transcript row reads the plain transcript: not understood is asked"
            " again too.",
        ]
    if result["wer"] and result["short"]:
        before, best = result["wer"][0], min(result["wer"], key=lambda r: r["wer_words_all"])
        cut = 1 - best["wer_words_all"] / before["wer_words_all"]
        cut_digits = 1 - best["wer_digits_all"] / before["wer_digits_all"]
        new = result["short"][-1]
        lines += [
            "",
            f"Chosen: **{best['name']}** (lowest WER). Targets: WER at least a quarter below"
            f" the old default: {before['wer_words_all']:.1%} -> {best['wer_words_all']:.1%}"
            f" ({cut:.0%} lower{', met' if cut >= 0.25 else ', not met'}; counted with"
            f" digits {cut_digits:.0%} lower); short answers >= 95%: {pct(new['all'])}"
            f" ({'met' if new['all'][0] >= 0.95 * new['all'][1] else 'not met'}; real clips"
            f" only {pct(new['real'])}).",
        ]
        if "asked" in new:
            right, n = new["all"]
            safe = [right + new["asked"]["all"], n]
            lines += [
                "",
                f"Not wrong (right, or asked again) with {new['name']}: {pct(safe)}"
                f" (>= 95%: {'met' if safe[0] >= 0.95 * n else 'not met'}); wrong:"
                f" {pct([n - safe[0], n])}; right alone: {pct(new['all'])} (above).",
            ]

    if result.get("note"):  # when and where the rows were measured, if not in one run
        lines += ["", result["note"]]
    lines += [
        "",
        "No transcript or reference of the corpora is printed here (their licence: measure,"
        " do not redistribute); `scripts/bench_voice.py DIR` shows the misread clips locally.",
    ]
    return "\n".join(lines) + "\n"
