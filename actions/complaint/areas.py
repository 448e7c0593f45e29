"""Which part of town a correction names: a kelurahan or kecamatan of the city, misspelt
too ("bukan karang anyar, cibening maksud gue" at the photo question, bench z-08)."""

from __future__ import annotations

from app.services import complaints as svc


def names_kelurahan(text: str) -> bool:
    """A kelurahan or kecamatan of the city in ``text`` ("cibening", "karang anyar")."""
    try:
        found = svc.place_from_text(f"kelurahan {text}")
    except svc.InvalidComplaintInput:
        return False
    return found.kelurahan is not None or found.kecamatan is not None
