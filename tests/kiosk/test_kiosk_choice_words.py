"""The large choice buttons (the facility names of a booking) never break a word in the
middle ("Lapanga/n", "Perpust/akaan"), in both themes and all 3 modes: every word of every
label sits on one line and inside the button's content box, and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page

from app.launcher import LocalSystem
from tests.kiosk.conftest import open_kiosk
from tests.kiosk.test_kiosk_axe import MODES, THEMES, conversation, set_look

pytestmark = pytest.mark.e2e

# For each word of each choice label: the line boxes its characters lie on (a word split
# across lines has more than one) and whether it overflows the button's content box.
WORDS_JS = """() => [...document.querySelectorAll('#choices button')].flatMap(b => {
  const text = b.firstChild;
  const cs = getComputedStyle(b), r = b.getBoundingClientRect();
  const left = r.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) - 1;
  const right = r.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight) + 1;
  const out = [];
  for (const m of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    const lines = new Set();
    for (let i = m.index; i < m.index + m[0].length; i++) {
      range.setStart(text, i); range.setEnd(text, i + 1);
      const rect = range.getBoundingClientRect();
      lines.add(Math.round(rect.top));
    }
    range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
    const w = range.getBoundingClientRect();
    out.push({ label: text.data, word: m[0], lines: lines.size,
               inside: w.left >= left && w.right <= right });
  }
  return out;
})"""


def split_words(page: Page) -> list[str]:
    words = page.evaluate(WORDS_JS)
    assert words, "no choice buttons on screen"
    return [
        f"{w['word']!r} in {w['label']!r}: {w['lines']} lines, inside={w['inside']}"
        for w in words
        if w["lines"] != 1 or not w["inside"]
    ]


def test_choice_buttons_never_split_a_word(context: BrowserContext, system: LocalSystem) -> None:
    page = open_kiosk(context, system)
    conversation(page, system)  # the booking's first question: which facility (long names)
    labels = page.locator("#choices button").all_text_contents()
    assert any(len(w) >= 12 for label in labels for w in label.split()), labels
    failures: list[str] = []
    for theme in THEMES:
        for mode in MODES:
            set_look(page, theme, mode)
            page.wait_for_timeout(100)
            key = f"{theme} / {mode}"
            failures += [f"{key}: {p}" for p in split_words(page)]
            scroll = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if scroll > 0:
                failures.append(f"{key}: horizontal scrolling {scroll} px")
            columns = page.evaluate(
                "getComputedStyle(document.getElementById('choices'))"
                ".gridTemplateColumns.split(' ').length"
            )
            if mode == "normal" and columns < 2:
                failures.append(f"{key}: only {columns} column(s) for short-enough words")
    assert page.errors == [], page.errors  # type: ignore[attr-defined]
    assert not failures, "\n".join(failures)
