"""What every normalizer shares: the candidate, the result, the resolution state, the registry.

A rule of ``patterns.json`` names a *kind*; ``NORMALIZERS[kind]`` (filled by the
``norm_*`` modules through :func:`normalizer`) turns its match into a
:class:`Timex` or rejects it. Relative expressions are resolved against
:class:`State`: the publication date (or a dateline's date, which stands for
the story's day), the latest date mentioned before (``context``), and the
direction the clause points (:mod:`.tense`). Granularity always comes from the
words matched, never from a default day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from .calendar import ORDER, Point, Ref, nearest_year
from .lexicon import Lexicon
from .patterns import Rule
from .tense import TenseGuide


@dataclass
class Cand:
    """A pattern match chosen as an expression, before normalization."""

    start: int
    end: int
    rule: Rule
    m: re.Match[str]
    mod: Optional[str] = None
    clock: Optional["Cand"] = None  # a time of day merged into a date ("10 p.m. Wednesday")
    # m.groupdict(), made once: a normalizer asks for a dozen groups of a pattern with twenty
    _groups: Optional[dict] = field(default=None, repr=False, compare=False)

    def g(self, *names: str) -> Optional[str]:
        gd = self._groups
        if gd is None:
            gd = self._groups = self.m.groupdict()
        for n in names:
            v = gd.get(n)
            if v:
                return v
        return None


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    mod: Optional[str] = None
    anchor: Optional[str] = None
    point: Optional[Point] = None  # the resolved date, kept as context for later expressions
    explicit_year: bool = False
    parts: list[tuple[int, int, str]] = field(default_factory=list)  # range ends: (start, end, value)

    def as_dict(self, text: str) -> dict:
        d = {
            "start": self.start, "end": self.end, "text": text[self.start : self.end],
            "type": self.type, "value": self.value, "anchor": self.anchor, "mod": self.mod,
        }
        if self.parts:
            d["parts"] = [{"start": s, "end": e, "value": v} for s, e, v in self.parts]
        return d


class State:
    """What relative expressions are resolved against, updated in text order."""

    def __init__(self, text: str, lexicon: Lexicon, dct: Optional[Ref], tense: TenseGuide) -> None:
        self.text = text
        self.lx = lexicon
        self.dct = dct
        self.tense = tense
        self.dateline: Optional[Ref] = None
        self.last: Optional[Point] = None  # latest date mentioned (year .. time)
        self.last_day: Optional[Point] = None  # latest day-level date mentioned
        self.sent_years: dict[int, tuple[int, int]] = {}  # sentence -> (last explicit year in it, where)
        self.sent_period_years: dict[int, tuple[int, int]] = {}  # ... of a quarter or half ("Q3 2025")
        self.last_day_pos = -1  # where last_day was mentioned
        self.last_opening: Optional[Point] = None  # latest day given as an event's opening ("opens on Thursday")
        self.last_held: Optional[Point] = None  # latest day an event is held on or from ("held from April 16 to 19")
        # latest day something happened on: last_day, save a day that only dates the telling of
        # the one before it ("signed on Tuesday, the company said yesterday"; "on the same day" is Tuesday)
        self.story_day: Optional[Point] = None
        self.prev_end = 0  # where the previous expression ended
        self.last_quarter: Optional[Point] = None  # latest quarter named ("the third quarter", "Q3 2019")
        self.last_pos = -1  # where last was mentioned

    def ref(self) -> Optional[Ref]:
        return self.dateline or self.dct

    def ref_anchor(self) -> str:
        return "published" if self.dateline is None or self.dateline == self.dct else "context"

    def direction(self, pos: int, end: Optional[int] = None) -> Optional[str]:
        return self.tense.direction(pos, end)

    def before(self, pos: int, n: int = 40) -> str:
        return self.text[max(0, pos - n) : pos]

    def after(self, pos: int, n: int = 40) -> str:
        return self.text[pos : pos + n]

    def context_year(self, pos: int, periods: bool = False) -> Optional[int]:
        """An explicit year stated earlier in the same sentence (and the same line); with
        ``periods``, also one a quarter or half stated ("the second half of 2025, up from the first half")."""
        i = self.tense.sentence_index(pos)
        hits = [h for h in (self.sent_years.get(i), self.sent_period_years.get(i) if periods else None)
                if h is not None and h[1] <= pos and "\n" not in self.text[h[1] : pos]]
        return max(hits, key=lambda h: h[1])[0] if hits else None


Normalizer = Callable[[Cand, State], Optional[Timex]]
NORMALIZERS: dict[str, Normalizer] = {}


def normalizer(kind: str) -> Callable[[Normalizer], Normalizer]:
    def deco(fn: Normalizer) -> Normalizer:
        NORMALIZERS[kind] = fn
        return fn

    return deco


def int_day(s: str) -> int:
    return int(re.match(r"\d+", s).group())  # type: ignore[union-attr]


def vague_by_sign(sign: int) -> str:
    return "PAST_REF" if sign < 0 else "FUTURE_REF" if sign > 0 else "PRESENT_REF"



def year_of(c: Cand) -> Optional[int]:
    y = c.g("y", "y_")
    if y:
        return int(y)
    y2 = c.g("y2")
    if y2:
        n = int(y2)
        return 1900 + n if n >= 50 else 2000 + n
    return None


def resolve_year(st: State, pos: int, month: int, day: Optional[int], end: Optional[int] = None) -> tuple[Optional[int], Optional[str]]:
    """Year for a month (and day) stated without one, and what it was taken from."""
    y = st.context_year(pos)
    if y is not None:
        return y, "context"
    # "held in September 2018 ... from Sept 17 to 19": the same month, just mentioned.
    last = st.last
    if last is not None and ORDER[last.gran] >= ORDER["month"] and last.date.month == month:
        ref = st.ref()
        if ref is None or last.date.year != ref.year:
            return last.date.year, "context"
    ref = st.ref()
    if ref is None:
        return None, None
    if ref.month is not None and _SINCE.search(st.before(pos, 12)):
        # "have doubled since January": the last one, however far back (never the nearest ahead)
        return nearest_year(ref, month, day, "past", strict=True), st.ref_anchor()
    return nearest_year(ref, month, day, st.direction(pos, end) if ref.month else None), st.ref_anchor()


_SINCE = re.compile(r"\b[Ss]ince\s*$")

