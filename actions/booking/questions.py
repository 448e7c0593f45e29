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
RULES = re.compile(r"\b(syarat|aturan|ketentuan)\w*\b|\b(bawa apa|perlu bawa|harus bawa)\b")
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


def asks_instead(text: str) -> bool:
    """A reply that is a question, not an answer in its own words (a name): a question mark,
    or a word that asks in four words or more ("Komunitas Info Warga" is a name)."""
    return "?" in text or (asks(text) and len(text.split()) >= 4)
