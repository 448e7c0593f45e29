"""Skip, cancel, thanks, "whatever" and "earliest" answers (core.lang.answers)."""

from __future__ import annotations

import pytest

from core.lang import answers

SKIP = [
    "lewati",
    "Lewati saja",
    "lewat",
    "skip",
    "skip aja",
    "lanjut",
    "lanjut aja",
    "nanti saja",
    "nanti aja",
    "tidak usah",
    "ga usah",
    "tidak ada",
    "belum ada",
    "nggak ada fotonya",
    "tidak punya foto",
    "fotonya tidak ada",
    "foto tidak ada",
    "tidak ada foto",
    "gak ada foto kak",
    "tanpa foto",
    "tanpa foto saja",
    "kosongkan",
    "kosong",
    "-",
    "tidak",
    "nggak",
    "gak punya",
    "saya tidak punya foto",
    "hp saya tidak bisa foto",
    "tidak bawa hp",
    "belum sempat foto, lewati saja",
    "next",
    "mboten",
    "ora ono",
    "NIK saya tidak ingat",
    "ga hafal nik nya",
    "lupa",
    "nggak bawa ktp",
    "Enggak usah pak, terima kasih",
    "gda fotony",
    "lewatin aja",
    "fotonya nyusul",
    "udah lanjut aja",
    "belum difoto",
    "ga bisa upload foto",
    "hp saya gak ada kamera",
    "fotonya tdak ada",
    "mohon maaf nak, KTP saya sedang tidak saya bawa",
    "waduh saya tadi tidak sempat memotret, jadi belum ada fotonya",
    "aduh, saya tidak bisa memotret nak, hp saya jadul",
]
NOT_SKIP = [
    "",
    "ya",
    "iya ada",
    "ini fotonya",
    "lampu jalan mati di jl melati",
    "lewat jalan melati terus belok kiri",
    "nanti sore saya kirim fotonya lewat whatsapp ke petugas",
    "0812 3456 7890",
    "anonim",
]


@pytest.mark.parametrize("text", SKIP)
def test_skip(text: str) -> None:
    assert answers.is_skip(text) is True


@pytest.mark.parametrize("text", NOT_SKIP)
def test_not_skip(text: str) -> None:
    assert answers.is_skip(text) is False


CANCEL = [
    "batal",
    "Batal!",
    "batal aja",
    "batalkan",
    "batalkan saja",
    "batalin aja",
    "ga jadi",
    "gak jadi",
    "nggak jadi deh",
    "ya udah ga jadi deh, ribet",  # the sigh before it
    "udah lah ga jadi aja",
    "tidak jadi",
    "gajadi",
    "gak jd",
    "stop",
    "STOP",
    "berhenti",
    "cancel",
    "sudahlah",
    "udahan",
    "tidak jadi lapor",
    "nggak jadi pesan, makasih",
    "keluar",
    "maaf saya batalkan",
    "batal pesan",
    "sudah cukup",
    "tidak usah dilanjutkan",
    "batalkan laporan ini",
    "btal",  # a typo
    "ga jadi deh, makasih",
    "ya udah ga jadi ga usah",
]
NOT_CANCEL = [
    "",
    "batalkan BK-7K3M9Q",
    "tolong batalkan bk 7k3m9q",
    "batal LPR-2026-000123",
    "batalkan pesanan saya besok jam 9 di aula",
    "berhenti merokok itu susah",
    "iya",
    "ya udah",
    "ya sudah kirim",
    "ya btalkan",  # bench x-05: the yes to "yakin ingin dibatalkan?"
    "ya, batalkan",
    "lampu jalan mati, tidak jadi menyala lagi sejak kemarin",
    "stop kontak di balai warga rusak dan berbahaya",
    "keluar air dari pipa pecah di jalan",
    "jadi gimana?",
    "saya mau membatalkan pemesanan BK-7K3M9Q",
    "ya, batalkan",  # confirming a cancellation the form asked about, not leaving the form
    "jadi",
    # probe: at the privacy question, taking back "nanti saya foto" cancelled the whole report
    "ga jadi ga ada foto",
    "nggak jadi, bukan yang itu",
]


@pytest.mark.parametrize("text", CANCEL)
def test_cancel(text: str) -> None:
    assert answers.is_cancel(text) is True


@pytest.mark.parametrize("text", NOT_CANCEL)
def test_not_cancel(text: str) -> None:
    assert answers.is_cancel(text) is False


THANKS = [
    "terima kasih",
    "Terima kasih banyak!",
    "makasih",
    "makasih ya pak",
    "mksh",
    "trims",
    "thx",
    "tq",
    "thanks",
    "thank you",
    "terimakasih atas bantuannya",
    "matur nuwun",
    "hatur nuhun",
    "ok makasih infonya",
    "siap, terima kasih bu",
]
NOT_THANKS = [
    "",
    "ya",
    "makasih, tapi lampunya masih mati",
    "terima kasih, kapan petugas datang?",
    "jalan rusak di depan sekolah dasar negeri dua sukamaju makasih",
]


@pytest.mark.parametrize("text", THANKS)
def test_thanks(text: str) -> None:
    assert answers.is_thanks(text) is True


@pytest.mark.parametrize("text", NOT_THANKS)
def test_not_thanks(text: str) -> None:
    assert answers.is_thanks(text) is False


WHATEVER = [
    "terserah",
    "terserah aja",
    "bebas",
    "apa saja",
    "apa aja boleh",
    "mana saja",
    "yang mana aja",
    "manut",
    "kapan saja bisa",
    "jam berapa aja",
    "semua bisa",
    "pilihkan saja",
    "jam berapa aja boleh",
    "terserah kakak",
    "gimana baiknya aja",
    "up to you",
    "sesuai jadwal yang ada aja",
]
EARLIEST = [
    "yang paling pagi",
    "paling pagi",
    "paling awal",
    "yang paling awal aja",
    "paling cepat",
    "secepatnya",
    "secepatnya ya",
    "yang terdekat",
    "yang pertama kosong",
    "sesegera mungkin",
    "jam paling awal",
    "yang tercepat",
    "sepagi mungkin",
    "yang paling cepet",
    "pagi-pagi banget",
    "yang pertama aja yang kosong",
    "jam paling pagi yg kosong",
    "secepat mungkin",
]


@pytest.mark.parametrize("text", WHATEVER)
def test_whatever(text: str) -> None:
    assert answers.is_whatever(text) is True


@pytest.mark.parametrize("text", EARLIEST)
def test_earliest(text: str) -> None:
    assert answers.is_earliest(text) is True


@pytest.mark.parametrize("text", ["", "ya", "jam 9", "sabtu", "yang pertama", "lampu mati"])
def test_neither_whatever_nor_earliest(text: str) -> None:
    assert answers.is_whatever(text) is False
    assert answers.is_earliest(text) is False
