"""What a short message wants, beyond what the classifier said.

- :func:`wants_to_report`: a wish to report a new problem ("saya mau lapor", "lapor aja
  deh", "gimana cara laporinnya", "pengen ngadu"): a verb of reporting, not the noun
  ("laporan saya sudah sampai mana" checks a report) and not a report already made ("saya
  sudah lapor tapi belum ditindak"), with no word of a status check ("cek", "status",
  "nomor", "sampai mana").
- :func:`bare_wish_to_report`: that wish and nothing else ("gimana cara laporinnya", "mau
  lapor aja deh min"): no thing named ("lapor kehilangannya ke polisi gimana" after the lost
  KTP asks about that topic's step).
- :func:`is_hypothetical`: a question about an emergency that has not happened ("kalau
  banjir nanti ngungsi ke mana?", "kalau ada kebakaran nomor darurat berapa?"): a clause
  of condition ("kalau", "jika", "seandainya"), a question, and nothing that says it is
  happening now ("sekarang", "tolong", "terjebak", "sedang").
- :func:`english_greeting`: a greeting written in English only ("hello", "good morning,
  can you help me?"), every word English.

Read after :func:`core.lang.text.normalise` where the folding helps ("kalo" -> "kalau",
"udh" -> "sudah"); the English check reads the raw words (the folding turns some English
words into Indonesian ones).
"""

from __future__ import annotations

import re

from core.lang.questions import is_question
from core.lang.text import normalise, word_set

__all__ = ["bare_wish_to_report", "english_greeting", "is_hypothetical", "wants_to_report"]

# verbs of reporting, with their suffixes: lapor, melapor, melaporkan, laporin, laporinnya,
# ngelapor, dilaporkan; ngadu, mengadu, adukan; komplain (not "laporan", "pelaporan")
_REPORT_VERB = re.compile(
    r"\b(?:me|nge|ng|di)?lapor(?:kan|in|kannya|innya|nya)?\b"
    r"|\b(?:me|ng)?(?:ngadu|adu)(?:kan|in)?\b|\bkomplain\w*\b"
)
# a report already made: "sudah lapor", "pernah melapor", "tadi lapor", "kemarin lapor"
_DONE = re.compile(
    r"\b(?:sudah|pernah|tadi|kemarin|sempat|telah|dulu)\s+(?:\w+\s+)?(?:me|nge|ng)?lapor\w*"
)
# a status check's words
_STATUS = re.compile(
    r"\b(?:cek|status\w*|sampai mana|sejauh mana|diproses|proses\w*|tindak lanjut\w*"
    r"|ditindaklanjuti|ditindak|perkembangan\w*|kabar\w*|nomor\w*|tiket\w*|lpr|lacak\w*)\b"
    r"|\blpr-?\d"
)
# a clause of condition
_IF = re.compile(
    r"\b(?:kalau|jika|jikalau|bila|apabila|seandainya|andaikan|andai|umpama\w*|misal\w*"
    r"|seumpama\w*|manakala)\b"
)
# it is happening now, or someone pleads
_NOW = re.compile(
    r"\b(?:sekarang|saat ini|sedang|tolong|terjebak|cepat|segera|darurat sekarang|help"
    r"|lagi terjadi|sudah terjadi|barusan)\b"
)

_ENGLISH_GREETINGS = word_set("hello hi hey hallo morning afternoon evening greetings howdy")
_ENGLISH = _ENGLISH_GREETINGS | word_set(
    "good day there can could would you please help me i we need some want to is anyone"
    " someone speak english do does the a an how are sir madam miss mr mrs ok okay thanks"
    " thank dear admin team yes may ask question"
)
_WORD = re.compile(r"[a-z']+")


def wants_to_report(text: str) -> bool:
    """A wish to report a new problem (see the module's docstring)."""
    norm = normalise(text or "")
    if not _REPORT_VERB.search(norm) or _DONE.search(norm):
        return False
    return not _STATUS.search(norm)


# words that add nothing to a wish to report (normalised: "gmn" -> "bagaimana", "aja" ->
# "saja", "sy" -> "saya")
_WISH_ONLY = word_set(
    "saya aku kami gue gw mau ingin pengen pingin bisa boleh bagaimana gimana cara caranya"
    " ya iya dong deh saja sih min kak pak bu bapak ibu mas mbak nak yuk lah kalau gitu begitu"
    " ok oke baik sekalian langsung sini disini lewat harus perlu tolong mohon yang apa apakah"
    " di dimana ini nih aja kok terus trus lalu kalo udah sudah sekarang"
)


def bare_wish_to_report(text: str) -> bool:
    """A wish to report and no other content word (see the module's docstring)."""
    if not wants_to_report(text):
        return False
    rest = _REPORT_VERB.sub(" ", normalise(text)).split()
    return all(w in _WISH_ONLY for w in rest)


def is_hypothetical(text: str) -> bool:
    """A question about an emergency that has not happened (see the module's docstring)."""
    norm = normalise(text or "")
    return bool(_IF.search(norm)) and is_question(text or "") and not _NOW.search(norm)


def english_greeting(text: str) -> bool:
    """A greeting in English only: every word English, one of them a greeting."""
    said = _WORD.findall((text or "").lower())
    return bool(said) and set(said) <= _ENGLISH and bool(_ENGLISH_GREETINGS & set(said))
