"""A power line or pole in a dangerous state, told by a resident: PLN's matter, and urgent,
not a city complaint ("kabel listrik di depan rumah gue putus, ngejuntai ke jalan", "tiang
listrik depan rumah miring mau rubuh", "kabel PLN jatoh ke jalan", "aya kabel listrik
ngagantung handap pisan").

The electricity network (its power lines, poles and transformers) is PLN's: the citizen is
told at once to call PLN and keep away, instead of a complaint form that asks the category
(bench z-25). A thing of the network and what is wrong with it are named in the same clause
("spanduk dipasang di tiang listrik, sebagian robek dan menjuntai": the banner hangs, not the
line). A tree on the wires ("dahan pohon nyangkut di kabel listrik") stays the city's: the
tree is what the citizen asks about (trimming, a fallen tree); so does an animal on a pole
("kucing nyangkut di atas tiang listrik": a rescue by the fire brigade).

:data:`POWER_SERVICE` is a name of the entry in ``knowledge_base/elsewhere.yml`` whose office
and words the assistant says.
"""

from __future__ import annotations

import re

from core.lang.text import clauses

__all__ = ["POWER_SERVICE", "reports_power_danger"]

POWER_SERVICE = "kabel listrik putus"
# normalised words: a line, pole or transformer of the electricity network
_NETWORK = re.compile(
    r"\b(?:kabel\w{0,3}\s+(?:listrik\w{0,3}|pln|tegangan\s+tinggi)|tiang\w{0,3}\s+(?:listrik|pln)"
    r"|trafo\w{0,3}|travo\w{0,3}|gardu\s+(?:listrik|pln)|sutet)\b"
)
# what is wrong with it, in the same clause
_DANGER = re.compile(
    r"\b(?:putus|terputus|menjuntai|ngejuntai|njuntai|juntai|terjuntai|jatuh|jatoh|ambruk|roboh"
    r"|rubuh|tumbang|miring|doyong|patah|menggantung|ngegantung|ngagantung|gantung\w{0,3}"
    r"|rendah|handap|terkelupas|ngelupas|mengelupas|korslet|konslet|berasap|percikan|meledak"
    r"|melorot|kendor|copot|lepas|nyangkut|menyangkut|berbunyi|mendesis)\b"
)
# a tree or an animal on the wires: that is the matter ("dahan nyangkut di kabel listrik")
_TREE = re.compile(
    r"\b(?:pohon|dahan|ranting|cabang|tangkal|dahannya|rantingnya"
    r"|kucing\w{0,3}|anjing\w{0,3}|monyet\w{0,3}|burung\w{0,3}|ular\w{0,3}|tupai|musang|hewan)\b"
)


def reports_power_danger(text: str) -> bool:
    """Whether the message tells of a power line, pole or transformer in a dangerous state,
    with no tree or animal named (module docstring)."""
    parts = clauses(text)
    if any(_TREE.search(part) for part in parts):
        return False
    return any(_NETWORK.search(part) and _DANGER.search(part) for part in parts)
