"""Short answers as citizens type or say them (core.lang.answers)."""

from __future__ import annotations

import pytest

from core.lang import answers

YES = [
    "ya",
    "Ya.",
    "iya",
    "iyaa",
    "iyaaa",
    "Iya boleh",
    "iya boleh, 0857 1234 5678",
    "iya boleh 0857 1234 5678",
    "ya boleh",
    "yoi",
    "yup",
    "yups",
    "boleh",
    "boleh saja",
    "boleh aja kak",
    "boleh banget",
    "ok",
    "oke",
    "okey",
    "okay",
    "oke deh",
    "OK!",
    "sip",
    "sipp",
    "siap",
    "siap pak",
    "betul",
    "benar",
    "bener",
    "betul sekali",
    "nggih",
    "inggih",
    "enggih",
    "nggih bu",
    "monggo",
    "mangga",
    "muhun",
    "leres",
    "iye",
    "mau",
    "mau dong",
    "bisa",
    "setuju",
    "tentu",
    "tentu saja",
    "silakan",
    "silahkan hubungi saya",
    "gpp",
    "gapapa",
    "ga papa",
    "nggak apa-apa",
    "tidak apa-apa",
    "tidak apa apa",
    "ndak papa",
    "tidak masalah",
    "hmm, iya",
    "eh iya boleh",
    "saya bersedia",
    "iya, silakan hubungi nomor ini",
    "ya sudah",
    "yaudah boleh",
    "sudah benar",
    "ya benar",
    "ya betul pak",
    "iya tidak apa apa",
    "saya mau",
    "kayaknya boleh",
    "yes",
    "iya dong",
    "oke, lanjut",
    "heeh",
    "sudah",
    "iya mbak boleh",
    "Iya, nomor saya 0812 3456 7890",
    "boleh, silakan hubungi saya di nomor ini",
    "hmmm ya udah deh",
    "okee",
    "bisa dihubungi",
    "Iya pak boleh dihubungi",
    "ya saya bersedia dihubungi",
    "Betul, itu nomor WA saya",
    "enggeh",
    "injih",
    "sampun",
    "muhun leres",
    "sok mangga",
    "hooh",
    "he'eh",
    "yes please",
    "siap laksanakan",
    "iya, kapan petugasnya datang?",
    "ya?",
    "y",
    "iy",
    "yy",
    "mau mau",
    "iyaa kak boleh bgt",
    "ya gpp",
    "gpp kok",
    "mangga atuh",
    "boleh, ini nomor saya 081234567890",
    "Ya. 081234567890",
    "iya, hubungi saja ke 0812-1111-2222",
    "nggih monggo",
    "sudah sesuai",
    "bolh",  # typos
    "btul",
    "iya nak, boleh sekali",
    "boleh nak, silakan hubungi saya",
]
NO = [
    "tidak",
    "Tidak.",
    "nggak",
    "ngga",
    "gak",
    "ga",
    "g",
    "ndak",
    "nda",
    "tak",
    "enggak",
    "engga",
    "no",
    "No",
    "jangan",
    "jangan dulu",
    "tidak usah",
    "ga usah",
    "gausah",
    "gak usah deh",
    "tidak perlu",
    "nggak perlu kak",
    "belum ada",
    "tidak ada",
    "nggak ada fotonya",
    "gak ada foto",
    "tidak punya",
    "gak punya",
    "saya tidak punya hp",
    "mboten",
    "mboten wonten",
    "ora",
    "ora usah",
    "kagak",
    "kaga ada",
    "ogah",
    "henteu",
    "teu",
    "embung",
    "nggak, makasih",
    "tidak, terima kasih",
    "nggak makasih",
    "tidak mau",
    "saya tidak mau",
    "tidak bisa",
    "tidak boleh",
    "jangan hubungi saya",
    "belum",
    "belum punya",
    "bukan",
    "salah",
    "iya, nggak usah",
    "ya tidak usah",
    "saya rasa tidak",
    "kayaknya nggak",
    "maaf, tidak",
    "mohon maaf tidak bersedia",
    "nggak dulu deh",
    "tidak sekarang",
    "lain kali saja",
    "nope",
    "gak deh",
    "engga usah mas",
    "tidak usah hubungi saya",
    "jangan telpon saya ya",
    "nggak usah dihubungi",
    "saya tidak mau dihubungi",
    "tidak, saya tidak mau",
    "No, thanks",
    "emoh",
    "dereng",
    "mboten usah",
    "ra usah",
    "rak usah",
    "ora usah mas",
    "teu kedah",
    "tdak usah",  # a typo
    "tidka",
    "ga ah",
    "gk",
    "g usah",
    "jgn",
    "kaga usah",
    "Tidak perlu, terima kasih.",
    "tidak usah repot-repot",
    "enggeus, teu kedah",
    "mohon maaf nak, tidak usah dihubungi",
]
UNCLEAR = [
    "",
    "   ",
    "lampu tidak menyala",
    "lampunya tidak menyala sejak kemarin malam",
    "tidak menyala",
    "jalan di depan rumah saya rusak parah dan tidak ada yang memperbaiki",
    "mau lapor jalan rusak",
    "bisa pesan lapangan tenis?",
    "tidak tahu",
    "gak tau",
    "nggak yakin",
    "belum tahu",
    "no hp saya 0812 3456 7890",
    "nomor 2",
    "kapan buka?",
    "apa itu NIK?",
    "aula kecamatan",
    "besok jam 9",
    "bukan lampu, tapi jalan rusak",
    "halo",
    "sudah saya lapor kemarin tapi belum diperbaiki",
    "bisa pesan lapangan tenis untuk besok?",
    "buka",
    "kapan buka kantornya",
    "nomornya berapa ya?",
    "boleh tanya dulu?",
    "bisa hari sabtu saja?",
    "tidak bisa diganti jamnya?",
    "apa itu anonim?",
    "sebentar ya saya cari dulu",
    "nanti saya tanya anak saya dulu",
    "maksudnya?",
    "NIK saya tidak ingat",
]


@pytest.mark.parametrize("text", YES)
def test_yes(text: str) -> None:
    assert answers.yes_no(text) is True


@pytest.mark.parametrize("text", NO)
def test_no(text: str) -> None:
    assert answers.yes_no(text) is False


@pytest.mark.parametrize("text", UNCLEAR)
def test_not_a_yes_no_answer(text: str) -> None:
    assert answers.yes_no(text) is None


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
]
NOT_CANCEL = [
    "",
    "batalkan BK-7K3M9Q",
    "tolong batalkan bk 7k3m9q",
    "batal LPR-2026-000123",
    "batalkan pesanan saya besok jam 9 di aula",
    "berhenti merokok itu susah",
    "iya",
    "lampu jalan mati, tidak jadi menyala lagi sejak kemarin",
    "stop kontak di balai warga rusak dan berbahaya",
    "keluar air dari pipa pecah di jalan",
    "jadi gimana?",
    "saya mau membatalkan pemesanan BK-7K3M9Q",
    "ya, batalkan",  # confirming a cancellation the form asked about, not leaving the form
    "jadi",
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


SUMMARY = ["Ya, pesan", "Ubah", "Batal"]
SLOTS = ["08.00", "09.00", "10.00", "13.00"]
COURTS = ["Lapangan Tenis A", "Lapangan Tenis B", "Aula Serbaguna", "Ruang Rapat Perpustakaan"]
FACILITIES = ["Aula Kecamatan", "Lapangan Tenis", "Ruang Rapat Perpustakaan", "GOR Sukamaju"]


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("ya pesan", SUMMARY, 0),
        ("Ya, pesan", SUMMARY, 0),
        ("ya, pesan.", SUMMARY, 0),
        ("YA PESAN", SUMMARY, 0),
        ("ya pesn", SUMMARY, 0),
        ("yang pertama", SUMMARY, 0),
        ("pilihan pertama", SUMMARY, 0),
        ("nomor 2", SUMMARY, 1),
        ("no. 2", SUMMARY, 1),
        ("2", SUMMARY, 1),
        ("yang kedua", SUMMARY, 1),
        ("yang ketiga", SUMMARY, 2),
        ("yang terakhir", SUMMARY, 2),
        ("satu", SUMMARY, 0),
        ("ubah", SUMMARY, 1),
        ("ubah saja", SUMMARY, 1),
        ("batal", SUMMARY, 2),
        ("yang ke-2", SUMMARY, 1),
        ("nomer 3", SUMMARY, 2),
        ("pilih 1", SUMMARY, 0),
        ("08.00", SLOTS, 0),
        ("yang 09.00", SLOTS, 1),
        ("yang terakhir aja", SLOTS, 3),
        ("aula", FACILITIES, 0),
        ("aula kecamatan", FACILITIES, 0),
        ("lapangan tenis", FACILITIES, 1),
        ("lapangan tennis", FACILITIES, 1),
        ("saya mau pakai ruang rapat perpustakaan", FACILITIES, 2),
        ("perpustakaan", FACILITIES, 2),
        ("gor", FACILITIES, 3),
        ("jam 7", ["06.00", "07.00", "08.00"], 1),
        ("yang jam tujuh", ["06.00", "07.00", "08.00"], 1),
        ("8", ["06.00", "07.00", "08.00", "09.00"], 2),
        ("pilih yang jam 9 aja", ["06.00", "07.00", "08.00", "09.00"], 3),
        ("jam 7 malam", ["07.00", "19.00"], 1),
        ("tenis a", COURTS, 0),
        ("lapangan tenis yang b", COURTS, 1),
        ("perpus", COURTS, 3),
        ("yang aula aja", COURTS, 2),
        ("yang keempat", FACILITIES, 3),
    ],
)
def test_pick_choice(text: str, options: list[str], expected: int) -> None:
    assert answers.pick_choice(text, options) == expected


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("", SUMMARY),
        ("yang kelima", SUMMARY),
        ("nomor 9", SUMMARY),
        ("0", SUMMARY),
        ("kolam renang", FACILITIES),
        ("hmm saya bingung", SUMMARY),
        ("yang pertama", []),
        ("ruang", ["Ruang Rapat A", "Ruang Rapat B"]),
        ("tenis", COURTS),
        ("lapangan tenis", ["Lapangan Tenis A", "Lapangan Tenis B"]),  # equally close: ask
        ("jam 10", ["06.00", "07.00", "08.00"]),
    ],
)
def test_pick_choice_unclear(text: str, options: list[str]) -> None:
    assert answers.pick_choice(text, options) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anonim", "anonim"),
        ("anonim aja", "anonim"),
        ("Anonim saja pak", "anonim"),
        ("jangan tampilkan nama saya", "anonim"),
        ("sembunyikan identitas saya", "anonim"),
        ("rahasiakan identitas", "anonim"),
        ("rahasiakan identitas saya", "anonim"),
        ("tolong rahasiakan nama saya", "anonim"),
        ("tanpa nama", "anonim"),
        ("identitas dirahasiakan", "anonim"),
        ("nama saya jangan disebut", "anonim"),
        ("nama disamarkan saja", "anonim"),
        ("rahasia", "rahasia"),
        ("rahasia aja", "rahasia"),
        ("dirahasiakan", "rahasia"),
        ("jangan dipublikasikan", "rahasia"),
        ("jangan ditampilkan ke publik", "rahasia"),
        ("tidak untuk umum", "rahasia"),
        ("tertutup", "rahasia"),
        ("privat", "rahasia"),
        ("laporan pribadi", "rahasia"),
        ("hanya untuk petugas", "rahasia"),
        ("biasa", "biasa"),
        ("biasa aja", "biasa"),
        ("publik", "biasa"),
        ("umum", "biasa"),
        ("boleh ditampilkan", "biasa"),
        ("tidak apa-apa", "biasa"),
        ("gpp ditampilkan", "biasa"),
        ("terserah", "biasa"),
        ("tidak usah anonim", "biasa"),
        ("nggak perlu dirahasiakan", "biasa"),
        ("anonm", "anonim"),  # typos
        ("anonin aja", "anonim"),
        ("rahasa", "rahasia"),
        ("mohon nama saya jangan ditampilkan nak", "anonim"),
        ("saya mau tanpa nama saja nak", "anonim"),
        ("tolong dirahasiakan saja nak, saya takut", "rahasia"),
        # the report kept from the public and the identity hidden: rahasia hides both
        ("tolong jangan ditampilkan ke publik, rahasiakan identitas saya", "rahasia"),
        ("biasa saja nak, tidak apa-apa dilihat orang", "biasa"),
    ],
)
def test_privacy_choice(text: str, expected: str) -> None:
    assert answers.privacy_choice(text) == expected


@pytest.mark.parametrize("text", ["", "apa bedanya?", "lampu mati", "0812 3456 7890"])
def test_privacy_choice_unclear(text: str) -> None:
    assert answers.privacy_choice(text) is None
