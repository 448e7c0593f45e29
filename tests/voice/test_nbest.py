"""Choosing a short answer among Whisper's hypotheses (voice/nbest.py), and asking again when
unsure. The hypotheses are written here (as the model gives them: best first, with their mean
log-probability); test_expects.py runs the real model through the same path."""

from __future__ import annotations

import numpy as np
import pytest

from tests.voice.speech import espeak_wav
from voice import audio, hints, nbest
from voice.nbest import Heard, Hypothesis, choose
from voice.reading import Expects, only_digits
from voice.stt import SpeechToText, SttConfig


def heard(*pairs: tuple[str, float]) -> Heard:
    return Heard(tuple(Hypothesis(text, score) for text, score in pairs), no_speech_prob=0.01)


DIGITS = Expects(kind="digits")


def test_digits_skip_a_hypothesis_with_a_word_that_is_no_digit() -> None:
    text, reading = choose(
        heard(("satu tiga semeren tiga", -0.33), ("satu tiga sembilan tiga", -0.40)), DIGITS
    )
    assert reading.understood and reading.value == "1393"
    assert text == "satu tiga sembilan tiga"


def test_digits_asked_again_when_two_readings_are_as_likely() -> None:
    _, reading = choose(heard(("tiga empat lima", -0.45), ("tiga empat delapan", -0.46)), DIGITS)
    assert not reading.understood
    # ... but taken when the other reading is clearly less likely
    _, reading = choose(heard(("tiga empat lima", -0.20), ("tiga empat delapan", -0.46)), DIGITS)
    assert reading.understood and reading.value == "345"


def test_digits_asked_again_when_no_hypothesis_reads_whole() -> None:
    text, reading = choose(heard(("satu semeren tiga", -0.41), ("satu seme tiga", -0.42)), DIGITS)
    assert not reading.understood and text == "satu semeren tiga"  # shown as heard


def test_digits_read_from_colloquial_and_run_together_words() -> None:
    # "bat" is "(e)mpat"; "nombat" is "nol empat" run together (real recordings, Whisper base)
    _, reading = choose(heard(("empat satu nombat nol", -0.78), ("empat satu dua", -0.95)), DIGITS)
    assert reading.understood and reading.value == "41040"
    _, reading = choose(heard(("but kosong satu", -0.41), ("bat kosong satu", -0.41)), DIGITS)
    assert reading.understood and reading.value == "401"


def test_a_reading_with_a_digit_dropped_is_no_rival() -> None:
    # a repeated digit heard once is the usual slip: the reading that kept both is taken
    said = heard(("sembilan enam nol nol", -0.43), ("sembilan enam nol", -0.47))
    _, reading = choose(said, DIGITS)
    assert reading.understood and reading.value == "9600"
    # a different digit as likely is still a rival: asked again
    _, reading = choose(
        heard(("tujuh sembilan lima delapan", -0.84), ("tujuh sembilan lima enam", -0.86)), DIGITS
    )
    assert not reading.understood


def test_a_reading_that_keeps_a_digit_the_best_drops_is_a_rival() -> None:
    # real recording of 45644: best "4564" (the second 4 merged), third keeps it; as likely:
    # asked again rather than a wrong number taken
    said = heard(
        ("empat lima enam empat", -0.30),
        ("empat tima enam empat", -0.35),
        ("empat lima enam empat empat", -0.38),
    )
    _, reading = choose(said, DIGITS)
    assert not reading.understood
    # clearly less likely: the best is taken
    said = heard(("empat lima enam empat", -0.20), ("empat lima enam empat empat", -0.45))
    _, reading = choose(said, DIGITS)
    assert reading.understood and reading.value == "4564"


def test_a_nik_takes_the_hypothesis_of_sixteen_digits() -> None:
    nik = Expects(kind="number", digits=16)
    said = "tiga dua tujuh satu nol satu lima nol nol satu sembilan nol nol nol nol satu"
    short = said.rsplit(" ", 1)[0]  # one digit dropped
    _, reading = choose(heard((short, -0.30), (said, -0.35)), nik)
    assert reading.understood and reading.value == "3271015001900001"


def test_unsure_answer_is_asked_again_not_guessed() -> None:
    yes = Expects(kind="yes_no")
    assert choose(heard(("Ya.", -0.2)), yes)[1].value is True
    text, reading = choose(heard(("Ya.", -1.3)), yes)
    assert not reading.understood and text == "Ya."


def test_yes_no_is_not_taken_from_a_clearly_lower_hypothesis() -> None:
    # the best one is no answer; the second says the opposite of what was meant (espeak-ng
    # "belum": "Berum.", "Betul.", "Merlum."; "Berum." itself now reads as belum, voice.sounds)
    _, reading = choose(heard(("Merlum.", -0.5), ("Betul.", -0.6)), Expects(kind="yes_no"))
    assert not reading.understood
    _, reading = choose(heard(("Berum.", -0.5), ("Betul.", -0.6)), Expects(kind="yes_no"))
    assert reading.understood and reading.value is False


def test_yes_no_taken_from_an_as_likely_hypothesis_when_none_says_the_other() -> None:
    # espeak-ng "bukan" (bench clip, this decoding): best "Muka." (no answer), next "Bukan."
    # 0.002 lower; "belum": "Merum." beside "Perum." (belum by sound) 0.008 lower
    yes = Expects(kind="yes_no")
    text, reading = choose(heard(("Muka.", -0.793), ("Bukan.", -0.795), ("Buka.", -1.18)), yes)
    assert reading.understood and reading.value is False and text == "Bukan."
    _, reading = choose(heard(("Merum.", -0.926), ("Perum.", -0.934), ("Belum.", -0.972)), yes)
    assert reading.understood and reading.value is False
    # another hypothesis of the list says the other value: asked again
    _, reading = choose(heard(("Muka.", -0.79), ("Bukan.", -0.80), ("Betul.", -0.95)), yes)
    assert not reading.understood
    # the answer is clearly less likely than the best: asked again
    _, reading = choose(heard(("Muka.", -0.70), ("Bukan.", -0.80)), yes)
    assert not reading.understood
    # and below the confidence gate: asked again
    _, reading = choose(heard(("Muka.", -1.10), ("Bukan.", -1.12)), yes)
    assert not reading.understood


def test_choice_keeps_the_offered_buttons_reading() -> None:
    expects = Expects(kind="choice", options=[{"title": "Dibantu"}, {"title": "Sendiri"}])
    _, reading = choose(heard(("di bantu", -0.3), ("sendiri", -0.35)), expects)
    assert reading.understood and reading.value == 0


def test_a_button_taken_by_likeness_is_asked_again_when_another_reading_names_another() -> None:
    # real clip of "rencananya" (Whisper base): the hint's "Bantuan" run into the heard word
    titles = ["Rencananya", "Saya", "Siang", "Bantuan"]
    expects = Expects(kind="choice", options=[{"title": t} for t in titles])
    said = heard(("Bantuananya.", -0.46), ("Bencananya.", -0.52), ("Benchananya.", -0.70))
    text, reading = choose(said, expects)
    assert not reading.understood and text == "Bantuananya."
    # the other readings name the same button: taken
    _, reading = choose(heard(("Bantuananya.", -0.46), ("Bantuanya.", -0.52)), expects)
    assert reading.understood and reading.value == 3
    # the title heard as it is is taken whatever a lower reading says
    _, reading = choose(heard(("Bantuan.", -0.30), ("Bencananya.", -0.52)), expects)
    assert reading.understood and reading.value == 3


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("nol delapan satu dua", True),
        ("nam dilapan kosong", True),  # near digit words
        ("0812 tiga", True),
        ("satu tiga semeren tiga", False),
        ("but kosong satu", True),  # "(e)mpat" as Whisper writes it
        ("satu batin tiga", False),
    ],
)
def test_only_digits(text: str, whole: bool) -> None:
    assert only_digits(text) is whole


def test_yes_no_hint_leaves_out_the_yes_and_no_buttons_words() -> None:
    # "Ya, pesan. Tidak, batal." as the hint: Whisper wrote "Tidak, batal" back for an unclear yes
    assert hints.answer_prompt("yes_no", ["Ya, pesan", "Tidak, batal"]) == "Ya. Tidak."
    hint = hints.answer_prompt("yes_no", ["Ya, pesan", "Tidak, batal", "Ubah waktu"])
    assert hint.startswith("Ya. Tidak.") and "Ubah waktu" in hint and "batal" not in hint


def test_longer_audio_is_transcribed_the_usual_way(stt: SpeechToText) -> None:
    model = stt.load()
    assert nbest.hypotheses(model, np.zeros(31 * 16000, np.float32), language="id") is None


def test_the_real_model_gives_ranked_hypotheses(stt: SpeechToText) -> None:
    samples = audio.decode(espeak_wav("nol delapan satu dua", wpm=110), audio.AudioLimits())
    found = nbest.hypotheses(stt.load(), samples, language="id", prompt=hints.kind_prompt("digits"))
    assert found is not None and len(found.hypotheses) == 5
    scores = [h.avg_logprob for h in found.hypotheses]
    assert all(s <= 0 for s in scores) and 0 <= found.no_speech_prob <= 1
    stt_off = SpeechToText(SttConfig(n_best=0))
    stt_off._model = stt.load()
    _, _, reading = stt_off.listen(samples, DIGITS)  # the transcript path still reads
    assert reading is not None and reading.kind == "digits"


def test_a_hypothesis_that_repeats_the_hint_is_left_out() -> None:
    # measured on the kiosk test's clip: "Ya. Tidak." (the hint) first, the heard yes second
    found = heard(("Ya. Tidak.", -0.58), ("Ya. Baiklah.", -0.74))
    text, reading = choose(found, Expects(kind="yes_no"), prompt="Ya. Tidak.")
    assert reading.understood and reading.value is True and text == "Ya. Baiklah."
    # without the rule the first would be read: it says yes and no, so it is asked again
    _, reading = choose(found, Expects(kind="yes_no"))
    assert not reading.understood


def test_only_the_hint_repeated_is_asked_again() -> None:
    _, reading = choose(heard(("Ya. Tidak.", -0.3)), Expects(kind="yes_no"), prompt="Ya. Tidak.")
    assert not reading.understood


def test_digits_add_the_greedy_reading_of_the_same_audio(stt: SpeechToText) -> None:
    # the beams rank partial readings by their summed log-probability, so a longer reading
    # that scores better per token can fall out of all five ("kosong delapan tujuh tujuh"
    # heard as "... tujuh" by every beam, by the greedy search whole: real clip, -0.34
    # against -0.51); the greedy reading joins them, all ranked by score
    samples = audio.decode(espeak_wav("kosong delapan tujuh tujuh", wpm=150), audio.AudioLimits())
    model, prompt = stt.load(), hints.kind_prompt("digits")
    beams = nbest.hypotheses(model, samples, language="id", prompt=prompt)
    both = nbest.hypotheses(model, samples, language="id", prompt=prompt, greedy=True)
    greedy = nbest.hypotheses(model, samples, language="id", prompt=prompt, beam_size=1, count=1)
    assert beams is not None and both is not None and greedy is not None
    texts = [h.text for h in both.hypotheses]
    assert greedy.hypotheses[0].text in texts
    assert {h.text for h in beams.hypotheses} <= set(texts)
    scores = [h.avg_logprob for h in both.hypotheses]
    assert scores == sorted(scores, reverse=True)
    assert nbest.digit_kind(DIGITS) and not nbest.digit_kind(Expects(kind="yes_no"))


def test_a_repeated_digit_the_speech_held_is_taken_back() -> None:
    # real recording of 45644: the best reading drops the second 4 (-0.15), the one that kept
    # it is clearly lower (-0.43, so no rival); the speech's loudness held 10 syllables, the
    # short reading has 8, the long one 10: the long one is taken
    said = heard(("empat lima enam empat", -0.15), ("empat lima enam empat empat", -0.43))
    _, reading = choose(said, DIGITS, heard_syllables=10)
    assert reading.understood and reading.value == "45644"
    # the syllables of the short reading, or one more: the best one stays
    for counted in (8, 9):
        _, reading = choose(said, DIGITS, heard_syllables=counted)
        assert reading.value == "4564"
    _, reading = choose(said, DIGITS)  # not counted (another caller): as before
    assert reading.value == "4564"
    # far less likely than the best (beyond 0.3): the best stays
    far = heard(("empat lima enam empat", -0.10), ("empat lima enam empat empat", -0.45))
    assert choose(far, DIGITS, heard_syllables=10)[1].value == "4564"


def test_a_repeat_taken_back_is_still_asked_when_another_reading_is_as_likely() -> None:
    # the best one had a rival already: asked, the syllables change nothing
    said = heard(
        ("tiga nam nam nam empat", -0.43),
        ("tiga nam nam nam empat empat", -0.46),
        ("tiga nam nam nam empat lima", -0.56),
    )
    assert not choose(said, DIGITS, heard_syllables=14)[1].understood
    # the long reading taken back has a rival of different digits as likely: asked
    said = heard(
        ("empat lima enam empat", -0.15),
        ("empat lima enam empat empat", -0.43),
        ("empat lima enam empat lima", -0.45),
    )
    assert not choose(said, DIGITS, heard_syllables=10)[1].understood


def test_a_longer_reading_is_no_rival_when_the_speech_held_no_more_syllables() -> None:
    # real recording of 2805: "dua dua depan kosong lima" (22805, a digit more) is within 0.1
    # of the best; the speech held 9 syllables, as many as the best reading has (10 for the
    # longer one): the best is taken instead of asking again
    said = heard(("dua dilapan kosong lima", -0.368), ("dua dua depan kosong lima", -0.430))
    assert not choose(said, DIGITS)[1].understood  # not counted: asked, as before
    _, reading = choose(said, DIGITS, heard_syllables=9)
    assert reading.understood and reading.value == "2805"
    # the speech held more: still asked
    assert not choose(said, DIGITS, heard_syllables=10)[1].understood
