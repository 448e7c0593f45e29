"""A person's name said in passing: "saya Pak Harjo mau pinjam aula", "nama saya Sri Wahyuni".

Only an introduction with a clear marker counts ("nama saya ...", or "saya" followed by an
honorific such as Pak, Bu, Mas, Mbak); "saya mau pinjam aula" names nobody.
"""

from __future__ import annotations

import re

HONORIFICS = {"pak", "bapak", "bu", "ibu", "mas", "mbak", "mba", "kak", "bang", "teh", "aa", "cak"}
# words that end a name or show that no name follows ("saya pak RT", "nama saya tidak usah")
STOP = {
    "mau", "ingin", "pengen", "pingin", "mo", "dari", "warga", "yang", "ini", "itu", "minta",
    "rt", "rw", "lurah", "camat", "ketua", "guru", "dan", "untuk", "buat", "tinggal", "di",
    "tidak", "nggak", "gak", "ga", "jangan", "sudah", "udah", "lagi", "punya", "bisa", "boleh",
    "mohon", "tolong", "perlu", "sedang", "akan", "adalah", "juga", "sendiri", "aja", "saja",
}  # fmt: skip
# what may come before "saya" in an introduction ("permisi, ini saya Bu Ani"); after other
# words "saya" is a possessive ("anak saya Mas Budi" names the son, not the writer)
BEFORE = {
    "permisi", "halo", "hallo", "hai", "selamat", "pagi", "siang", "sore", "malam", "ini",
    "dengan", "assalamualaikum", "salam", "min", "kak", "nak", "mohon", "maaf", "iya", "ya",
}  # fmt: skip
MAX_NAME_WORDS = 3
INTRO = re.compile(r"\b(?:nama\s+(?:saya|sy|aku|gue|gw)(?:\s+adalah)?|saya|sy|aku)\s+(.+)", re.I)


def introduced_name(text: str) -> str | None:
    """The name a message introduces its writer with, title-cased; None when none."""
    for clause in re.split(r"[,;.!?\n]", text):
        match = INTRO.search(clause)
        if match is None:
            continue
        named = match.group(0).lower().startswith("nama")
        before = clause[: match.start()].lower().split()
        if not named and any(w not in BEFORE for w in before):
            continue
        words = match.group(1).split()
        lead: list[str] = []
        if words and words[0].lower() in HONORIFICS:
            lead, words = [words[0]], words[1:]
        elif not named:
            continue  # "saya mau pinjam": no honorific, no name
        taken: list[str] = []
        for word in words:
            if word.lower() in STOP or not word.isalpha() or len(taken) == MAX_NAME_WORDS:
                break
            taken.append(word)
        if taken:
            name = " ".join(taken)
            return " ".join(
                [*(w.capitalize() for w in lead), name.title() if name.islower() else name]
            )
    return None
