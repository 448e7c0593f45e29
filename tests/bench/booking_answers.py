"""How a simulated citizen (citizen.py) answers the booking form's questions, and a code asked
for a status or a cancel. A mixin of Citizen: it uses the citizen's plan, persona and turns."""

from __future__ import annotations

import re
from datetime import date

from tests.bench.questions import tap_button
from tests.bench.results import summary_mistake

# the assistant refused the hour said ("Maaf, ... sudah dipesan warga lain", "di luar jam buka")
REFUSED = re.compile(r"\bmaaf\b|sudah dipesan|di luar jam|hanya kosong")
# a day, hour or length said but not possible (taken by another citizen of the same run, the
# facility's limits): asking it again is right, not "asked again, already said"
NOT_POSSIBLE = re.compile(r"sudah dipesan|sudah penuh|di luar jam|hanya kosong|paling lama \d")


class BookingAnswers:
    def on_facility(self, btns: list[dict[str, str]]) -> str:
        if self.plan and btns:
            short = self.plan.facility.name.split(" (")[0]
            payload = tap_button(btns, short)
            if payload and (self.tap or self.asked.get("facility", 0) >= 2):
                return payload
            if self.asked.get("facility", 0) >= 2:
                return short
        return self.say("facility")

    def on_date(self, btns: list[dict[str, str]]) -> str:
        days = [b for b in btns if re.fullmatch(r"\d{4}-\d{2}-\d{2}", b["payload"])]
        if self.plan and days and self.asked.get("date", 0) >= 2:
            # told twice its day is full or closed: a person takes the first day offered
            self.plan.day_means.add(date.fromisoformat(days[0]["payload"]))
            return days[0]["payload"]
        return self.say("day")

    def on_duration(self, btns: list[dict[str, str]]) -> str:
        return self.say("length")

    def on_people(self, btns: list[dict[str, str]]) -> str:
        return self.say("people")

    def on_name(self, btns: list[dict[str, str]]) -> str:
        return self.say("name")

    def on_time(self, btns: list[dict[str, str]]) -> str:
        assert self.plan is not None
        if self.asked.get("time", 0) <= 1 or not self.result.turns:
            return self.say("hour")
        if not REFUSED.search(self.result.turns[-1].question.lower()):
            return self.say("hour")  # asked again, not refused (the hour was lost): the same
        # refused: tap a free time offered (its day is fine then), or say another one
        for b in btns:
            for day in re.findall(r"\d{4}-\d{2}-\d{2}", b["payload"]):
                self.plan.day_means.add(date.fromisoformat(day))
        times = [b for b in btns if re.search(r"\d{1,2}[.:]\d{2}", b["title"])]
        if times and (self.tap or self.rng.random() < 0.6):
            pick = times[0]
            hour = int(re.search(r"(\d{1,2})[.:]\d{2}", pick["title"]).group(1))  # type: ignore[union-attr]
            self.hour_tried.append(hour)
            return pick["payload"]
        hour = self.plan.hour + len(self.hour_tried) + 1
        self.hour_tried.append(hour)
        return self.say("other_time", hour=self.plan.hour_phrase(hour))

    def on_booking_summary(self, btns: list[dict[str, str]]) -> str:
        if self.spec.get("fix_hour") and not self.fixed and self.plan:
            self.fixed = True
            self.plan.hour += 1
            return self.say("fix_hour")
        if mistake := summary_mistake(self.spec, self.result.turns[-1].question):
            return self.fail(mistake) or ""
        # a person reads the summary: a wrong hour is corrected (twice at most)
        summary = self.result.turns[-1].question
        hours = [self.plan.hour, *self.hour_tried] if self.plan else []
        if hours and not any(f"pukul {h:02d}.00" in summary for h in hours):
            self.asked["wrong_hour"] = self.asked.get("wrong_hour", 0) + 1
            if self.asked["wrong_hour"] <= 2:
                return self.say("fix_hour")
        return self.choose(btns, "confirm_booking", "ya")

    def come_back(self, text: str) -> str | None:
        """After giving up (spec `quit`): its question (`ask`) first when it named none, the
        reply to the question must match one of `accept` (regexes) when given; then `back`,
        and the kinds in `keep` must not be asked again (nothing it gave is lost)."""
        quit = self.spec["quit"]
        if self.quit == "quit" and quit.get("ask"):
            self.quit = "asking"
            return str(quit["ask"])
        patterns = quit.get("accept", [])
        if patterns and not any(re.search(p, text.lower()) for p in patterns):
            return self.fail("the question asked on leaving the form was not answered")
        self.quit = "back"
        self.not_asked |= set(quit.get("keep", []))
        return str(quit["back"]).format(**self.values())

    def on_booking_code(self, btns: list[dict[str, str]]) -> str:
        return self.say("code") if self.code else self.say("confused")

    on_ticket_code = on_booking_code

    def on_cancel_confirm(self, btns: list[dict[str, str]]) -> str:
        return self.choose(btns, "cancel_yes", "ya")
