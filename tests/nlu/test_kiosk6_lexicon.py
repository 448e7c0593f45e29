"""kiosk6: words of elderly speech as Whisper writes them fold to what the classifiers and the
knowledge base know (bot/components/colloquial_id.txt)."""

from __future__ import annotations

import pytest

from bot.components.colloquial import normalize_text


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("surat keterangan domisli", "surat keterangan domisili"),
        ("sertipikat tanah", "sertifikat tanah"),
        ("depan esde negeri tiga", "depan sd negeri tiga"),
        ("rapat warga erwe", "rapat warga rw"),
        ("air pe de a em tidak ngalir", "air pdam tidak ngalir"),
        ("lampu pe je u mati", "lampu pju mati"),
        ("akte kematiane", "akta kematiannya"),
        ("cedak jembatan kuwi", "dekat jembatan itu"),
        ("solokan mampet upami hujan caina asup", "selokan mampet kalau hujan airnya masuk"),
        ("jam opat sore", "jam empat sore"),
        ("rolas", "dua belas"),
    ],
)
def test_kiosk_speech_folds(said: str, read: str) -> None:
    assert normalize_text(said) == read


def test_urang_is_left_alone() -> None:
    # Sundanese "urang" is also "we" ("urang rek ngalih ka Bandung"): not folded to "orang"
    assert normalize_text("urang rek ngalih").split()[0] == "urang"
