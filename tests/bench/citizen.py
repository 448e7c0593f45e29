"""A simulated citizen: reads what the assistant asks and answers in its own words.

No script of turns: each turn the citizen reads the assistant's last question (questions.py),
looks up how its persona says that kind of answer (personas.yml) and fills in what it knows
(problem, place, phone, the booking it has in mind); what it cannot map, it answers confused.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import defaultdict
from datetime import datetime
from typing import Any

from tests.bench.booking_answers import NOT_POSSIBLE, BookingAnswers
from tests.bench.plans import (
    BookingPlan,
    Facility,
    booking_mistake,
    digits_in_words,
    in_words,
    make_plan,
)
from tests.bench.questions import FaqIndex, buttons, tap_button, turn_kind
from tests.bench.results import (
    MAX_TURNS,
    Result,
    Turn,
    accepted,
    code_forms,
    count_loops,
    heard,
    load_citizens,
    load_personas,
    summary_mistake,
)

__all__ = ["Citizen", "Result", "Turn", "count_loops", "load_citizens", "load_personas"]

LPR_RE = re.compile(r"\bLPR-\d{4}-\d{6}\b")
GIVE_UP = 6  # the same question this many times in a row: a person gives up
BK_RE = re.compile(r"\bBK-[0-9A-Z]{6}\b")


class Citizen(BookingAnswers):
    def __init__(
        self,
        spec: dict[str, Any],
        personas: dict[str, dict[str, Any]],
        facilities: dict[str, Facility],
        faq: FaqIndex,
        now: datetime,
        seed: int = 0,
    ) -> None:
        self.spec = spec
        self.goal: str = spec["goal"]
        self.persona_name: str = spec.get("persona", "default")
        self.persona = personas.get(self.persona_name, {})
        self.default = personas["default"]
        self.faq = faq
        self.now = now
        self.facilities = facilities
        self.rng = random.Random(zlib.crc32(f"{seed}:{spec['id']}".encode()))
        self.tap = bool(self.persona.get("tap")) or bool(spec.get("tap"))
        self.plan: BookingPlan | None = None
        if "facility" in spec:
            self.plan = make_plan(spec, facilities, self.rng, now)
        self.result = Result(spec["id"], self.goal, self.persona_name)
        self.code: str | None = None
        self.asked: dict[str, int] = {}
        self.fixed = False
        self.digressed = False
        self.digression_topic: str | None = None
        self.digression_accept: list[str] = []  # or regexes the answer must match
        self.questions: list[dict[str, str]] = list(spec.get("questions", []))
        self.answered: list[str] = []
        self.phase = "start"
        self.hour_tried: list[int] = []
        self.finished = False
        self.once_said: dict[str, int] = {}
        self.quit = "no"  # `quit`: "no", then "quit" (gave up), then "back" (came back)
        self.not_asked: set[str] = set(spec.get("not_asked", []))
        self.rebooked = False  # `rebook`: booked again after its booking was cancelled

    # ------------------------------------------------------------------ phrasing
    def values(self) -> dict[str, str]:
        s = self.spec
        v = {
            "phone": s.get("phone", "0812 3456 7890"),
            "nik": s.get("nik", "3374015505800003"),
            "place": s.get("place", ""),
            "problem": s.get("problem", s.get("request", "")),
            "name": s.get("name", "Budi"),
            "facility": s.get("facility_words", ""),
            **code_forms(self.code or ""),
        }
        v["phone_words"] = digits_in_words(v["phone"])
        if self.plan:
            p = self.plan
            end = p.hour + p.length
            v |= {
                "day": p.day_phrase,
                "hour": p.hour_phrase(),
                "length": p.length_phrase(),
                "people": str(p.people),
                "people_words": in_words(p.people),
                "end": str(end if end <= 12 else end - 12),
            }
        v["problem"] = v["problem"].format_map(defaultdict(str, v))  # "{day}" in a request
        return v

    def say(self, key: str, **extra: str) -> str:
        # the citizen's own words (spec `say`) before its persona's, before the default's
        options = (self.spec.get("say") or {}).get(key) or self.persona.get(
            key, self.default.get(key)
        )
        if isinstance(options, dict):  # privacy: one list per choice
            options = options[extra.pop("choice")]
        if not options:
            options = self.default["confused"]
        try:
            return str(self.rng.choice(options)).format(**(self.values() | extra))
        except KeyError:  # asked for something this citizen has no answer for
            return str(self.rng.choice(self.persona.get("confused", self.default["confused"])))

    # ------------------------------------------------------------------ the conversation
    def opening(self) -> str:
        self.phase = "asked"
        if self.spec.get("greet", self.rng.random() < 0.3):
            self.phase = "greeted"
            return self.say("greet")
        return self.first_request()

    def first_request(self) -> str:
        self.phase = "asked"
        if self.goal == "inquiry":
            if self.spec.get("request"):  # says something else first (a booking it drops)
                self.phase = "request"
                return str(self.spec["request"])
            return self.questions[0]["text"]
        return str(self.spec["request"]).format(**self.values())

    def respond(self, replies: list[dict[str, Any]]) -> str | None:
        """The citizen's next message, or None when it is done (success or not)."""
        kind, question = turn_kind(replies, self.faq)
        turn_no = len(self.result.turns)
        self.result.turns[-1].kind = kind
        self.result.turns[-1].question = question
        self.asked[kind] = self.asked.get(kind, 0) + 1
        text = "\n".join(str(m.get("text", "")) for m in replies)
        btns = buttons(replies)
        if (self.digression_topic or self.digression_accept) and kind != "silent":
            low = text.lower()
            if self.digression_accept:
                answered = any(re.search(p, low) for p in self.digression_accept)
            else:
                answered = self.faq.topic_of(text) == self.digression_topic
            if not answered:
                return self.fail("digression not answered")
            self.digression_topic = None
            self.digression_accept = []
        if turn_no == 1 and not heard(self.spec, text):  # an angry resident is heard first
            return self.fail("the first reply does not acknowledge the citizen")
        if kind in self.not_asked and not NOT_POSSIBLE.search(text.lower()):  # asked again
            return self.fail(f"asked {kind}, already said")
        if self.quit in ("quit", "asking"):  # gave up a turn ago: it comes back (come_back)
            return self.come_back(text)
        outcome = self.outcome(kind, text, turn_no)
        if self.finished:
            return None
        if outcome:
            return outcome
        if turn_no >= MAX_TURNS:
            return self.fail("25 turns without reaching the goal")
        if turn_no >= int(self.spec.get("within", MAX_TURNS)):  # what should take one turn
            return self.fail(f"not done within {self.spec['within']} turns")
        last = [t.kind for t in self.result.turns[-GIVE_UP:]]
        if len(last) == GIVE_UP and len(set(last)) == 1 and kind not in ("faq_answer", "menu"):
            return self.fail(f"gave up: asked the same ({kind}) {GIVE_UP} times in a row")
        said = self.answer(kind, btns)
        return None if self.finished else said

    def done(self) -> str:
        self.result.success = True
        self.finished = True
        return ""

    def fail(self, reason: str) -> None:
        self.result.success = False
        self.result.reason = reason
        self.finished = True
        return None

    def outcome(self, kind: str, text: str, turn_no: int) -> str | None:
        """The next message when the outcome decides it; None to answer the question (or
        when the citizen is finished: see self.finished)."""
        goal = self.goal
        if kind == "handoff_queued":
            return self.done() if goal == "handoff" else self.fail("handed off to an officer")
        ahead = self.questions[len(self.answered) :]
        if kind == "offer_officer" and goal == "inquiry" and accepted(ahead, text):
            return self.inquiry_step(kind, text)  # "... diurus di PLN; bila perlu, petugas"
        if kind in ("after_hours", "offer_officer", "emergency", "stopped", "cancelled"):
            return self.fail(f"conversation ended: {kind}")
        if kind == "complaint_filed":
            if goal not in ("complaint", "status"):  # an officer or an answer was wanted
                return self.fail(f"a complaint was filed (wanted {goal})")
            code = LPR_RE.search(text)
            if not code:
                return self.fail("complaint filed without a code")
            self.code = code.group(0)
            self.result.code_turn = turn_no
            dinas = self.spec.get("dinas")
            if dinas and dinas not in text:
                return self.fail(f"filed to the wrong office (wanted {dinas})")
            if goal == "status":
                self.phase = "checking"
                return self.say("check")
            return self.done()
        if kind == "following":
            return self.done() if goal == "complaint" else self.fail("followed, nothing to check")
        if kind == "status":
            if goal == "status" and self.code and self.code in text:
                return self.done()
            return self.fail("status of something else")
        if kind == "booking_done":
            return self.booked(text, turn_no)
        if kind == "cancel_done":
            if goal == "cancel" and self.code and self.code in text:
                return self.book_again() or self.done()
            return self.fail("cancelled something unexpected")
        if goal == "inquiry":
            return self.inquiry_step(kind, text)
        return None

    def booked(self, text: str, turn_no: int) -> str | None:
        code = BK_RE.search(text)
        if not code or not self.plan:
            return self.fail("booking confirmed without a code")
        self.code = code.group(0)
        self.result.code_turn = turn_no
        mistake = booking_mistake(self.plan, self.spec, text, self.hour_tried)
        if mistake:
            return self.fail(mistake)
        if self.goal == "cancel":
            self.phase = "cancelling"
            return self.say("cancel")
        return self.done()

    def book_again(self) -> str | None:
        """After its booking was cancelled, the citizen with a `rebook` books again: its
        request, and a new plan from its wishes there (success: that booking)."""
        again = self.spec.get("rebook")
        if not again or self.rebooked:
            return None
        self.rebooked = True
        self.goal = "booking"
        self.hour_tried = []
        self.plan = make_plan({**self.spec, **again}, self.facilities, self.rng, self.now)
        self.code = None
        return str(again["request"]).format(**self.values())

    def inquiry_step(self, kind: str, text: str) -> str | None:
        if self.phase == "greeted":
            return None
        if self.phase == "request":  # whatever came, it drops that and asks its question
            self.phase = "asked"
            return str(self.spec.get("drop", "")) + self.questions[0]["text"]
        topic = self.faq.topic_of(text)
        current = self.questions[len(self.answered)]
        # a short follow-up answer ("..., tempat dan jam layanan: ...") may say what was asked
        if any(a.lower() in text.lower() for a in current.get("accept", [])):
            topic = current["topic"]
        if topic is None:
            return None  # clarification, a menu...: answered below
        if topic != current["topic"]:
            return self.fail(f"answered {topic}, asked about {current['topic']}")
        must = [m.lower() for m in current.get("must", [])]  # what a follow-up's answer says
        if must and not any(m in text.lower() for m in must):
            return self.fail(f"the answer does not say {must[0]!r} (asked {current['text']!r})")
        self.answered.append(topic)
        if len(self.answered) == len(self.questions):
            return self.done()
        return self.questions[len(self.answered)]["text"]

    # ------------------------------------------------------------------ answers by kind
    def answer(self, kind: str, btns: list[dict[str, str]]) -> str:
        s = self.spec
        digress = s.get("digress")
        if digress and not self.digressed and kind == digress["at"]:
            self.digressed = True
            self.digression_topic = digress.get("topic")
            self.digression_accept = list(digress.get("accept", []))
            return str(digress["text"])
        if self.goal == "handoff" and s.get("handoff_at") == kind:
            return str(s["handoff_text"])
        if s.get("quit") and self.quit == "no" and kind == s["quit"]["at"]:
            self.quit = "quit"  # "ya udah ga jadi": and back the next turn (respond)
            return str(s["quit"]["text"])
        once = s.get("once", {}).get(kind, [])  # what it says the first times it is asked this
        if (n := self.once_said.get(kind, 0)) < len(once):
            self.once_said[kind] = n + 1
            return str(once[n]).format(**self.values())
        if kind == "menu" or (self.phase == "greeted" and kind in ("unknown", "question_prompt")):
            if self.phase == "greeted":
                return self.first_request()
            if self.goal == "inquiry":
                return self.questions[len(self.answered)]["text"]
            return str(s.get("request", "")).format(**self.values())
        if kind == "question_prompt" and self.goal == "inquiry":
            return self.questions[len(self.answered)]["text"]
        if kind == "silent" and self.asked["silent"] == 1 and len(self.result.turns) > 0:
            return self.result.turns[-1].said  # no answer at all: a person sends it again
        handler = getattr(self, f"on_{kind}", None)
        if handler is not None:
            reply = handler(btns)
            if reply:
                return str(reply)
        return self.say("confused")

    def choose(self, btns: list[dict[str, str]], key: str, *words: str, **extra: str) -> str:
        if self.tap and btns:
            payload = tap_button(btns, *words)
            if payload:
                return payload
        return self.say(key, **extra)

    def on_faq_answer(self, btns: list[dict[str, str]]) -> str:
        # taken for a question (inquiry citizens are handled in inquiry_step)
        return self.say(f"not_that_{'booking' if self.plan else 'complaint'}")

    def on_problem(self, btns: list[dict[str, str]]) -> str:
        if self.plan:  # a booking taken for a complaint
            return self.on_faq_answer(btns)
        # asked again with the category buttons in view: a person taps the one that fits
        category = str(self.spec.get("category", ""))
        if category and btns and (self.tap or self.asked.get("problem", 0) >= 2):
            payload = tap_button(btns, f'"{category}"')
            if payload:
                return payload
        return self.say("problem_again")

    def on_description(self, btns: list[dict[str, str]]) -> str:
        return self.say("description", problem=self.spec.get("details", self.values()["problem"]))

    def on_location(self, btns: list[dict[str, str]]) -> str:
        if self.fixed and self.spec.get("fix_place"):
            return self.say("place", place=self.spec["fix_place"])
        return self.say("place")

    def on_photo(self, btns: list[dict[str, str]]) -> str:
        return self.choose(btns, "no_photo", "lewati")

    def on_privacy(self, btns: list[dict[str, str]]) -> str:
        choice = self.spec.get("privacy", "biasa")
        return self.choose(btns, "privacy", choice, choice=choice)

    def on_contact(self, btns: list[dict[str, str]]) -> str:
        # `contact: yes` in the YAML files is the boolean True (YAML 1.1): both mean yes
        if self.spec.get("contact", "yes") in (True, "yes"):
            return self.choose(btns, "contact_yes", "ya")
        return self.choose(btns, "contact_no", "tidak")

    def on_phone(self, btns: list[dict[str, str]]) -> str:
        return self.say("phone")

    def on_nik(self, btns: list[dict[str, str]]) -> str:
        if self.spec.get("nik_choice", "refuse") == "give":
            return self.say("nik_give")
        return self.choose(btns, "nik_refuse", "lewati")

    def on_complaint_summary(self, btns: list[dict[str, str]]) -> str:
        if mistake := summary_mistake(self.spec, self.result.turns[-1].question):
            return self.fail(mistake) or ""
        if self.spec.get("fix_place") and not self.fixed:
            self.fixed = True
            return self.say("fix_place", place=self.spec["fix_place"])
        return self.choose(btns, "confirm_complaint", "kirim")

    def on_duplicate(self, btns: list[dict[str, str]]) -> str:
        return self.choose(btns, "follow", "ikuti")

    def on_clarify(self, btns: list[dict[str, str]]) -> str:
        if self.goal != "inquiry":  # taken for a question: a person says what they want
            return self.on_faq_answer(btns)
        title = self.faq.titles.get(self.questions[len(self.answered)]["topic"], "")
        for b in btns:
            if title and b["title"] == title:
                return b["payload"]
        return self.say("wrong_answer")

    def on_not_understood(self, btns: list[dict[str, str]]) -> str:
        if self.goal == "inquiry":
            q = self.questions[len(self.answered)]
            return str(q.get("again", q["text"]))
        return str(self.spec.get("again", self.spec.get("request", ""))).format(**self.values())
