"""Whom a message says a service is for, when that changes the service: a child ("anak saya
masih SD", "adik saya umur dua belas tahun", "cucu saya yang masih balita"), a child now
grown up ("kalau anaknya sudah tujuh belas tahun": a KTP, no longer a KIA) or someone who
has died ("KTP almarhum bapak"). Someone else grown up and alive ("punya istri saya", "buat
ibu saya") needs the same service: :func:`whom` says nothing of them.

A child is a relative named with a sign of childhood (a school below senior high, an age
under 17, "masih kecil", "balita"), or a baby or toddler alone: "anak saya" alone may be
grown up ("bisa diwakilkan anak saya?")."""

from __future__ import annotations

import re

from core.lang.numbers import words_to_digits
from core.lang.text import normalise, word_set

CHILD = "child"
GROWN = "grown"
DECEASED = "deceased"
# who may be a child (normalised words)
_YOUNG_RELATIVES = word_set("anak anaknya adik adiknya cucu cucunya keponakan ponakan putra putri")
# a child by itself
_LITTLE_ONES = word_set("bayi bayinya balita batita")
# signs of childhood beside a relative (normalised, space-padded phrases)
_CHILDHOOD = (
    " sd ",
    " tk ",
    " paud ",
    " smp ",
    " mts ",
    " sekolah dasar ",
    " taman kanak ",
    " masih kecil ",
    " masih sekolah ",
    " di bawah umur ",
    " dibawah umur ",
    " belum cukup umur ",
    " belum 17 ",
    " belum dewasa ",
)
_AGE = re.compile(r"\b(?:umur|usia|umurnya|usianya)? ?(\d{1,2}) (?:tahun|thn|th)\b")
_GRADE = re.compile(r"\bkelas (\d{1})\b")
# someone who has died (normalised words and phrases)
_DECEASED = (
    " almarhum ",
    " almarhumah ",
    " alm ",
    " almh ",
    " mendiang ",
    " sudah meninggal ",
    " telah meninggal ",
    " yang meninggal ",
    " sudah wafat ",
    " sudah tiada ",
)
CHILD_AGE = 17


def whom(text: str) -> str | None:
    """CHILD, GROWN (a relative said to be 17 or older), DECEASED or None (the citizen, or
    another grown-up alive)."""
    norm = f" {words_to_digits(normalise(text))} "
    if any(p in norm for p in _DECEASED):
        return DECEASED
    words = set(norm.split())
    if words & _LITTLE_ONES:
        return CHILD
    if not words & _YOUNG_RELATIVES:
        return None
    if any(p in norm for p in _CHILDHOOD):
        return CHILD
    ages = [int(m.group(1)) for m in _AGE.finditer(norm)]
    if any(age < CHILD_AGE for age in ages):
        return CHILD
    if _GRADE.search(norm):
        return CHILD
    return GROWN if ages else None
