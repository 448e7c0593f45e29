"""A question about the facility asked in the middle of the booking form ("sewanya berapa
per jam?", "syaratnya apa saja?"): answered from the facility's own data (its fee and house
rules), then the form's question comes back. The knowledge base has no such topic, so the
question used to be read as a failed answer and asked again ("tanggalnya belum saya
pahami", bench f-15, f-16)."""

from __future__ import annotations

import re

from app.services.facilities import Facility
from core.lang.questions import asks
from core.lang.text import normalise
from core.texts import t

FEE = re.compile(r"\b(biaya|sewa|harga|tarif|bayar|retribusi|ongkos)\w*\b|\b(gratis|berapaan)\b")
RULES = re.compile(
    r"\b(syarat|aturan|ketentuan)\w*\b|\b(bawa apa|perlu bawa|harus bawa)\b"
    # what may be done there: "boleh bawa makanan?", "boleh merokok?" (the house rules say it)
    r"|\bboleh\s+(bawa|makan|minum|merokok|ngerokok|masak)\b|\b(makanan|minuman|merokok|rokok)\b"
)
# where or how to pay: the house rules that say it go with the fee ("bayarnya di mana?")
WHERE = re.compile(r"\b(mana|dimana|gimana|bagaimana|cara\w*|lewat|via|transfer|tunai|cash)\b")
ASKING = re.compile(r"\b(berapa|apa|apakah|gimana|bagaimana|ga|gak|nggak|tidak|kah)\b")


def facility_answer(text: str, facility: Facility) -> str | None:
    """The answer to a question about `facility`'s fee or rules in `text`, or None."""
    norm = normalise(text)
    if "?" not in text and not ASKING.search(norm):
        return None
    fee = facility.fee.describe()
    if RULES.search(norm):
        rules = " ".join(facility.house_rules) or t("actions.booking_no_rules")
        return t("actions.booking_rules_answer", facility=facility.name, fee=fee, rules=rules)
    if FEE.search(norm):
        said = t("actions.booking_fee_answer", facility=facility.name, fee=fee)
        paying = [rule for rule in facility.house_rules if "bayar" in rule.lower()]
        return " ".join([said, *paying]) if WHERE.search(norm) else said
    return None


# a fee question with nothing else in it ("eh bayar ga sih min?", "sewanya berapa per jam?"):
# the facility's own fee answers it; one that names something else ("parkir di sana bayar
# berapa?") may be the knowledge base's
FEE_ONLY = re.compile(
    r"(?:\s|\b(?:eh|oh|ya|yah|min|kak|nak|bang|mas|mbak|pak|bu|sih|dong|nih|deh|kah|jadi|terus"
    r"|kalau|itu|ini|nya|per|jam|orang|di|ke|sana|situ|sini|saya|kami|kita|harus|perlu|apa"
    r"|apakah|berapa|tidak|ada|mau|bisa|juga|atau|kan|lagi|sekali|semua)\b"
    r"|\b\w*(?:biaya|sewa|harga|tarif|bayar|retribusi|ongkos|gratis|berapaan)\w*\b)+"
)


def asks_fee_only(text: str) -> bool:
    """Whether a question asks the fee and names nothing else."""
    norm = normalise(text)
    return bool(norm) and FEE.search(norm) is not None and FEE_ONLY.fullmatch(norm) is not None


def asks_instead(text: str) -> bool:
    """A reply that is a question, not an answer in its own words (a name): a question mark,
    or a word that asks in four words or more ("Komunitas Info Warga" is a name)."""
    return "?" in text or (asks(text) and len(text.split()) >= 4)
