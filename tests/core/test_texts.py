"""The text catalogue (core/texts.py, texts/id/*.yml): the loader, every key the code uses
exists with the placeholders the call fills, and no Indonesian sentence is left in Python."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.texts import TEXTS_DIR, catalogue, lookup, section, t

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("app", "actions", "channels", "voice", "core")
# core/lang holds the language's word lists and patterns for reading citizens: data, not text
LANGUAGE_DATA = ROOT / "core" / "lang"
CALLS = {"t", "ct"}  # the catalogue's text functions (ct: the channels' former name)
BLOCK_CALLS = {"section", "lookup"}
# common Indonesian function words: two of them in a string of three words or more make it a
# sentence someone reads or hears
_WORDS = (
    "yang dan anda untuk tidak silakan kami mohon maaf sudah belum akan dengan ini itu bisa "
    "atau dari pada ke di saya terima kasih apakah mau berapa lagi tolong ketik sebutkan"
)
FUNCTION_WORDS = frozenset(_WORDS.split())


def python_files(*dirs: str) -> Iterator[Path]:
    for d in dirs:
        yield from sorted((ROOT / d).rglob("*.py"))


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# ---- the loader ----------------------------------------------------------------------------


def test_keys_are_file_stem_then_path() -> None:
    assert set(catalogue()) == {p.stem for p in TEXTS_DIR.glob("*.yml")}
    assert t("voice.audio_too_long", max_s=30).startswith(
        "Maaf, rekaman suara Anda terlalu panjang"
    )
    assert "(paling lama 30 detik)" in t("voice.audio_too_long", max_s=30)
    assert t("office.citizen.note", note="Tim datang") == "Pesan petugas: Tim datang"
    assert section("kiosk")["receipt"]["booking"]["title"] == "Kode pemesanan Anda"


def test_a_missing_key_or_a_block_is_a_key_error() -> None:
    for key in ("voice.no_such_text", "nowhere.text", "voice", "office.citizen"):
        with pytest.raises(KeyError):
            t(key)
    with pytest.raises(KeyError):
        section("voice.audio_too_long")
    with pytest.raises(KeyError):
        lookup("kiosk.no_such_block")


# ---- every key the code uses exists -------------------------------------------------------


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _keys(arg: ast.expr) -> list[str] | None:
    """The constant keys an argument can be (both arms of ``a if c else b``)."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        body, orelse = _keys(arg.body), _keys(arg.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def uses() -> Iterator[tuple[str, int, str, ast.Call]]:
    """(file, line, kind, call) of every call to the catalogue's functions in the code."""
    for path in python_files(*PRODUCT, "scripts"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_catalogue = any(
            isinstance(n, ast.ImportFrom) and n.module == "core.texts" for n in ast.walk(tree)
        )
        if not imports_catalogue:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = _name(node.func)
                if name in CALLS or name in BLOCK_CALLS:
                    yield str(path.relative_to(ROOT)), node.lineno, name, node


def test_every_key_used_exists_with_its_placeholders() -> None:
    problems: list[str] = []
    seen = 0
    for where, line, name, call in uses():
        arg = call.args[0]
        keys = _keys(arg)
        if keys is None:
            if isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                prefix = str(arg.values[0].value)  # t(f"voice.audio_{code}"): some key begins so
                stem, _, rest = prefix.partition(".")
                block = lookup(stem) if stem in catalogue() else {}
                if not any(k.startswith(rest) for k in _flat(block)):
                    problems.append(f"{where}:{line}: no key begins with {prefix!r}")
                seen += 1
            continue  # a key chosen at run time (a variable): its callers hold the constants
        given = {k.arg for k in call.keywords}
        open_ended = None in given  # t(key, **params): any placeholder may be filled
        for key in keys:
            seen += 1
            try:
                value = lookup(key)
            except KeyError:
                problems.append(f"{where}:{line}: {key!r} is not in texts/id/")
                continue
            if name in BLOCK_CALLS:
                continue
            if not isinstance(value, str):
                problems.append(f"{where}:{line}: {key!r} is a block, not a text")
            elif not open_ended and fields(value) - given:
                missing = sorted(fields(value) - given)
                problems.append(f"{where}:{line}: {key!r} needs {missing}")
    assert not problems, "\n".join(problems)
    assert seen >= 60, seen  # the scan finds the calls (it would pass vacuously otherwise)


def _flat(block: object, prefix: str = "") -> Iterator[str]:
    if isinstance(block, dict):
        for key, value in block.items():
            yield from _flat(value, f"{prefix}{key}.")
    else:
        yield prefix.rstrip(".")


def test_the_page_blocks_are_texts_and_lists_of_texts() -> None:
    for page in ("kiosk", "console"):
        for key in _flat(section(page)):
            value = lookup(f"{page}.{key}")
            items = value if isinstance(value, list) else [value]
            assert all(isinstance(v, str) and v for v in items), (page, key, value)


# ---- no Indonesian sentence left in Python ------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def is_sentence(value: str) -> bool:
    if "\\" in value or "(?" in value:  # a regular expression: language data for reading
        return False
    words = re.findall(r"[a-z]+", value.lower())
    return len(words) >= 3 and sum(w in FUNCTION_WORDS for w in words) >= 2


def literal_sentences(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant that reads as an Indonesian sentence; an
    f-string is read whole, its placeholders as a word."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else " x " for v in node.values]
            skip.update(id(v) for v in node.values)
            text = "".join(str(p) for p in parts)
            if is_sentence(text):
                found.append((node.lineno, text))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and is_sentence(node.value)
        ):
            found.append((node.lineno, node.value))
    return sorted(found)


def test_the_scan_finds_a_sentence_and_passes_the_rest() -> None:
    source = (
        '"""Silakan tulis pesan Anda dan kami akan membalas."""\n'
        'ANSWER = "Mohon maaf, pesan Anda belum bisa kami proses."\n'
        'PATTERN = r"\\b(saya|aku) mau (lapor|pesan)\\b"\n'
        'LABEL = "Kode pemesanan"\n'
        "def f(x):\n"
        '    """Apakah ini yang kita mau? (a docstring)"""\n'
        '    return f"Terima kasih, {x} sudah kami catat."\n'
    )
    found = literal_sentences(source)
    assert [line for line, _ in found] == [2, 7], found


def test_no_indonesian_sentence_in_python_product_code() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in python_files(*PRODUCT)
        if LANGUAGE_DATA not in path.parents
        for line, value in literal_sentences(path.read_text(encoding="utf-8"))
    ]
    assert not found, "put these in texts/id/*.yml and use core.texts.t:\n" + "\n".join(found)
