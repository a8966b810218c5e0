"""From a pattern match to a TIMEX3 type, value, mod and anchor.

Each rule of ``patterns.json`` names a *kind*; ``NORMALIZERS[kind]`` turns its
match into a :class:`Timex` (or rejects it). Relative expressions are resolved
against :class:`State`: the publication date (or a dateline's date, which
stands for the story's day), the latest date mentioned before (``context``),
and the direction the clause points (:mod:`.tense`). Granularity always comes
from the words matched, never from a default day.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from .calendar import (
    ORDER,
    SEASON_OF_MONTH,
    Point,
    Ref,
    holiday_date,
    holiday_month,
    nearest_year,
    safe_date,
    shift,
    weekday_date,
)
from .lexicon import Lexicon
from .patterns import Rule
from .tense import FUTURE, PAST, TenseGuide


@dataclass
class Cand:
    """A pattern match chosen as an expression, before normalization."""

    start: int
    end: int
    rule: Rule
    m: re.Match[str]
    mod: Optional[str] = None
    clock: Optional["Cand"] = None  # a time of day merged into a date ("10 p.m. Wednesday")

    def g(self, *names: str) -> Optional[str]:
        gd = self.m.groupdict()
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
        self.last_day_pos = -1  # where last_day was mentioned
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

    def context_year(self, pos: int) -> Optional[int]:
        """An explicit year stated earlier in the same sentence (and the same line)."""
        hit = self.sent_years.get(self.tense.sentence_index(pos))
        if hit is None or "\n" in self.text[hit[1] : pos]:
            return None
        return hit[0]


Normalizer = Callable[[Cand, State], Optional[Timex]]
NORMALIZERS: dict[str, Normalizer] = {}


def normalizer(kind: str) -> Callable[[Normalizer], Normalizer]:
    def deco(fn: Normalizer) -> Normalizer:
        NORMALIZERS[kind] = fn
        return fn

    return deco


def _int_day(s: str) -> int:
    return int(re.match(r"\d+", s).group())  # type: ignore[union-attr]


def _vague_by_sign(sign: int) -> str:
    return "PAST_REF" if sign < 0 else "FUTURE_REF" if sign > 0 else "PRESENT_REF"


# ---------------------------------------------------------------------------------------
# Absolute and partial calendar dates
# ---------------------------------------------------------------------------------------
def _year_of(c: Cand) -> Optional[int]:
    y = c.g("y", "y_")
    if y:
        return int(y)
    y2 = c.g("y2")
    if y2:
        n = int(y2)
        return 1900 + n if n >= 50 else 2000 + n
    return None


def _resolve_year(st: State, pos: int, month: int, day: Optional[int], end: Optional[int] = None) -> tuple[Optional[int], Optional[str]]:
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
    return nearest_year(ref, month, day, st.direction(pos, end) if ref.month else None), st.ref_anchor()


def _time_of(c: Cand, lx: Lexicon) -> Optional[tuple[int, int]]:
    named = c.g("named")
    if named:
        return (24, 0) if named.lower() == "midnight" else (12, 0)
    hh_s = c.g("hh")
    if hh_s is None:
        return None
    hh = int(hh_s) if hh_s.isdigit() else int(lx.number(hh_s) or -1)
    mi = int(c.g("mi") or 0)
    ampm = (c.g("ampm") or "").lower().replace(".", "").replace(" ", "")
    pod = (c.g("pod") or "").lower()
    if not 0 <= hh <= 23:
        return None
    if ampm.startswith("p") or pod in ("afternoon", "evening") or (pod == "night" and hh < 12 and hh >= 6):
        if hh < 12:
            hh += 12
    elif (ampm.startswith("a") or pod == "morning") and hh == 12:
        hh = 0
    return hh, mi


def _with_clock(tx: Timex, c: Cand, st: State) -> Timex:
    """Put a merged time of day ("10 p.m.") on a day-level date."""
    if c.clock is None:
        return tx
    t = _time_of(c.clock, st.lx)
    if t is None:
        return tx
    tx.start, tx.end = min(tx.start, c.clock.start), max(tx.end, c.clock.end)
    tx.type = "TIME"
    if tx.point is not None and ORDER[tx.point.gran] >= ORDER["day"]:
        tx.point = Point(tx.point.date, "minute", time=t)
        tx.value = tx.point.value()
    elif "WXX" in tx.value or tx.value.startswith("XXXX"):
        tx.value = re.sub(r"T\w+$", "", tx.value) + f"T{t[0]:02d}:{t[1]:02d}"
    return tx


@normalizer("calendar")
def norm_calendar(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    mon = c.g("mon")
    month = int(c.g("m")) if c.g("m") else (lx.month(mon) if mon else None)
    day = _int_day(c.g("d")) if c.g("d") else None
    year = _year_of(c)
    wd = c.g("wd")
    pod = c.g("pod")
    pod_code = lx.parts_of_day.get(pod.lower()) if pod else None
    holiday = c.g("holiday")
    if holiday:
        spec = lx.holidays[re.sub(r"\s+", " ", holiday.lower()).replace("’", "'")]
        return _holiday(c, st, spec, year)
    time = None
    if c.g("hh"):
        time = (int(c.g("hh")), int(c.g("mi") or 0))  # type: ignore[arg-type]
    if month is None:
        return _weekday(c, st, lx.weekday(wd), pod_code, strict=None) if wd else None
    anchor = None
    if year is None:
        year, anchor = _resolve_year(st, c.start, month, day, c.end)
    if year is None:
        value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        return Timex(c.start, c.end, "DATE", value, anchor=None)
    if day is not None:
        d = safe_date(year, month, day)
        if d is None:
            return None
        p = Point(d, "minute" if time else "day", pod=pod_code, time=time)
        typ = "TIME" if (time or pod_code) else "DATE"
    else:
        p = Point(_dt.date(year, month, 1), "month")
        typ = "DATE"
    return _with_clock(Timex(c.start, c.end, typ, p.value(), anchor=anchor, point=p, explicit_year=anchor is None), c, st)


def _holiday(c: Cand, st: State, spec: str, year: Optional[int]) -> Optional[Timex]:
    anchor = None
    if year is None:
        year, anchor = _resolve_year(st, c.start, holiday_month(spec), None, c.end)
    if year is None:
        return None
    d = holiday_date(spec, year)
    if d is None:
        return None
    p = Point(d, "day")
    return Timex(c.start, c.end, "DATE", p.value(), anchor=anchor, point=p, explicit_year=anchor is None)


@normalizer("calendar_range")
def norm_calendar_range(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    m2 = lx.month(c.g("mon") or "")
    m1 = lx.month(c.g("mon0") or "") or m2
    if c.g("mon2"):
        m1, m2 = m2, lx.month(c.g("mon2") or "")
    if not (m1 and m2):
        return None
    d1, d2 = _int_day(c.g("d") or "0"), _int_day(c.g("d2") or "0")
    year = _year_of(c)
    anchor = None
    if year is None:
        year, anchor = _resolve_year(st, c.start, m1, d1, c.end)
    if year is None:
        return None
    a, b = safe_date(year, m1, d1), safe_date(year + (1 if m2 < m1 else 0), m2, d2)
    if a is None or b is None or b <= a:
        return None
    # The start day stays as context: "the first day" of "Sept 17 to 19" is the 17th.
    return Timex(c.start, c.end, "DATE", f"{a.isoformat()}/{b.isoformat()}", anchor=anchor, point=Point(a, "day"))


def _weekday(c: Cand, st: State, wd: Optional[int], pod: Optional[str], strict: Optional[str]) -> Optional[Timex]:
    """A weekday: the one before or after the reference day, as the clause points."""
    if wd is None:
        return None
    typ = "TIME" if pod else "DATE"
    ref = st.ref()
    suffix = f"T{pod}" if pod else ""
    if ref is None or not ref.full:
        year = f"{ref.year:04d}" if ref else "XXXX"
        return _with_clock(Timex(c.start, c.end, typ, f"{year}-WXX-{wd}{suffix}", anchor="published" if ref else None), c, st)
    if strict == "past":
        d = weekday_date(ref, wd, PAST, strict=True)
    elif strict == "future":
        d = weekday_date(ref, wd, FUTURE, strict=True)
    else:
        direction = st.direction(c.start, c.end)
        d = weekday_date(ref, wd, direction if direction in (PAST, FUTURE) else None)
    assert d is not None
    p = Point(d, "day", pod=pod)
    return _with_clock(Timex(c.start, c.end, typ, p.value(), anchor=st.ref_anchor(), point=p), c, st)


@normalizer("clock")
def norm_clock(c: Cand, st: State) -> Optional[Timex]:
    t = _time_of(c, st.lx)
    if t is None:
        return None
    # A bare "10:26" is a time only where the text says so ("at 10:26"); scores and ratios are not.
    if not (c.g("ampm") or c.g("tz") or c.g("named") or c.g("pod") or "clock" in c.m.group(0)):
        if not re.search(r"\b(?:at|by|until|till|from|before|after|around|about|since|to|between|and)\s+$", st.before(c.start, 12), re.I):
            return None
    base = st.last_day
    ref = st.ref()
    # "shot at 10 p.m." right after "on Oct. 23": that day; otherwise the reference day.
    recent = base is not None and st.tense.sentence_index(c.start) - st.tense.sentence_index(st.last_day_pos) <= 1
    if base is not None and (recent or ref is None or not ref.full):
        p = Point(base.date, "minute", time=t)
        return Timex(c.start, c.end, "TIME", p.value(), anchor="context")
    if ref is not None and ref.full:
        p = Point(_dt.date(ref.year, ref.month, ref.day), "minute", time=t)  # type: ignore[arg-type]
        return Timex(c.start, c.end, "TIME", p.value(), anchor=st.ref_anchor(), point=None)
    return Timex(c.start, c.end, "TIME", f"XXXX-XX-XXT{t[0]:02d}:{t[1]:02d}")


@normalizer("year")
def norm_year(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    if c.rule.name == "year":
        nxt = re.match(r"\s*([A-Za-z]+\.?)", st.after(c.end, 20))
        if nxt and nxt.group(1).lower().rstrip(".") in lx.year_blockers:
            return None
        prev = re.search(r"([A-Za-z]+\.?)\s*$", st.before(c.start, 20))
        prev2 = re.search(r"([A-Za-z]+\s+[A-Za-z]+)\s*$", st.before(c.start, 30))
        if prev and prev.group(1).lower() in lx.year_blockers_before:
            return None
        if prev2 and prev2.group(1).lower() in lx.year_blockers_before:
            return None
    y = int(c.g("y"))  # type: ignore[arg-type]
    mod = None
    pm = (c.g("pmod") or "").lower()
    if pm:
        mod = {"mid": "MID", "early": "START", "late": "END", "end": "END", "pre": "BEFORE", "post": "AFTER"}[pm]
    p = Point(_dt.date(y, 1, 1), "year")
    tx = Timex(c.start, c.end, "DATE", p.value(), mod=mod, point=p, explicit_year=True)
    return tx


_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


@normalizer("spelled_year")
def norm_spelled_year(c: Cand, st: State) -> Optional[Timex]:
    """"nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    words = re.split(r"[-\s]+", (c.g("sy") or "").lower())
    lx = st.lx
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        y = 2000 + (lx.numbers.get(rest[0], 0) if rest else 0)
    else:
        century = lx.numbers[words[0]] * 100
        rest = words[1:]
        if rest[0] == "oh":
            y = century + _ONES.get(rest[1], 0)
        else:
            y = century + lx.numbers.get(rest[0], 0) + (_ONES.get(rest[1], 0) if len(rest) > 1 else 0)
    p = Point(_dt.date(y, 1, 1), "year")
    return Timex(c.start, c.end, "DATE", p.value(), point=p, explicit_year=True)


@normalizer("range_years")
def norm_range_years(c: Cand, st: State) -> Optional[Timex]:
    y1 = int(c.g("y"))  # type: ignore[arg-type]
    y2s = c.g("y2") or ""
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 <= y1 or y2 - y1 > 100:
        return None
    sep = re.search(r"[-–—/]", c.m.group(0))
    mid = c.start + (sep.start() if sep else 4)
    tx = Timex(c.start, c.end, "DATE", f"{y1:04d}/{y2:04d}", point=Point(_dt.date(y2, 1, 1), "year"), explicit_year=True)
    tx.parts = [(c.start, mid, f"{y1:04d}"), (mid + 1, c.end, f"{y2:04d}")]
    return tx


@normalizer("decade")
def norm_decade(c: Cand, st: State) -> Optional[Timex]:
    dec = c.g("dec")
    if dec:
        y = int(dec)
    else:
        d2 = c.g("dec2")
        if d2:
            n = int(d2)
        else:
            n = st.lx.decade_words[(c.g("decword") or "").lower()] * 10
        ref = st.ref()
        century = 2000 if ref and n + 2000 <= ref.year else 1900
        y = century + n
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((c.g("pmod") or "").lower())
    return Timex(c.start, c.end, "DATE", f"{y // 10:03d}X", mod=mod)


@normalizer("century")
def norm_century(c: Cand, st: State) -> Optional[Timex]:
    cent = c.g("cent")
    if cent:
        n = st.lx.ordinals.get(cent.lower()) or int(re.match(r"\d+", cent).group())  # type: ignore[union-attr]
        return Timex(c.start, c.end, "DATE", f"{n - 1:02d}", mod={"early": "START", "mid": "MID", "late": "END"}.get((c.g("pmod") or "").lower()))
    ref = st.ref()
    if ref is None:
        return None
    rel = (c.g("rel") or "").lower()
    k = -1 if re.search(r"last|past|previous", rel) else 1 if "next" in rel else 0
    return Timex(c.start, c.end, "DATE", f"{ref.year // 100 + k:02d}", anchor=st.ref_anchor())


# ---------------------------------------------------------------------------------------
# Quarters, halves, seasons
# ---------------------------------------------------------------------------------------
_ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4, "latter": 2}


def _rel_year(word: Optional[str], ref: Optional[Ref]) -> Optional[int]:
    if not word or ref is None:
        return None
    w = word.lower()
    return ref.year + (-1 if w in ("last", "previous") else 1 if w == "next" else 0)


@normalizer("quarter")
def norm_quarter(c: Cand, st: State) -> Optional[Timex]:
    ref = st.ref()
    qn = c.g("qn", "qn_")
    q = int(qn) if qn else _ORDINAL_Q.get((c.g("qo") or "").lower())
    year = _year_of(c) or (int(c.g("qy")) if c.g("qy") else None)  # type: ignore[arg-type]
    anchor = None
    qrel = (c.g("qrel") or "").lower()
    low = c.m.group(0).lower()
    if year is None and qrel in ("this", "last", "next") and "year" in low:
        year, anchor = _rel_year(qrel, ref), st.ref_anchor()
    if year is None and re.search(r"this\s+year|last\s+year|next\s+year", low):
        year = _rel_year(re.search(r"(this|last|next)\s+year", low).group(1), ref)  # type: ignore[union-attr]
        anchor = st.ref_anchor()
    if q is None:
        # "this quarter", "last quarter", "the latest quarter"
        if ref is None or ref.month is None:
            return None
        cur = Point(_dt.date(ref.year, ref.month, 1), "quarter")
        k = 0
        rel = qrel + " " + (c.g("qrel0") or "")
        if re.search(r"last|previous|past|latest", rel):
            k = -1
        elif re.search(r"next|following", rel):
            k = 1
        p = shift(cur, k, "quarter")
        return Timex(c.start, c.end, "DATE", p.value(), anchor=st.ref_anchor(), point=p)
    if year is None:
        year = st.context_year(c.start)
        anchor = "context" if year else None
    if year is None:
        if ref is None:
            return Timex(c.start, c.end, "DATE", f"XXXX-Q{q}")
        year = ref.year
        if ref.month is not None:
            cur_q = (ref.month - 1) // 3 + 1
            if q > cur_q and st.direction(c.start) != FUTURE:
                year -= 1
        anchor = st.ref_anchor()
    p = Point(_dt.date(year, 3 * q - 2, 1), "quarter")
    start = c.start
    if c.g("det") and re.search(r"(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)-quarter", low):
        start = c.m.end("det") + 1  # "the third-quarter results": the adjective only
        while st.text[start].isspace():
            start += 1
    return Timex(start, c.end, "DATE", p.value(), anchor=anchor, point=p)


@normalizer("half")
def norm_half(c: Cand, st: State) -> Optional[Timex]:
    ref = st.ref()
    hn = c.g("hn", "hn_")
    ho = (c.g("ho") or "").lower()
    h = int(hn) if hn else (2 if ho in ("last", "latter") else _ORDINAL_Q.get(ho))
    if h not in (1, 2):
        return None
    year = _year_of(c)
    anchor = None
    if year is None:
        if c.g("hrel"):
            year, anchor = _rel_year(c.g("hrel"), ref), st.ref_anchor()
        else:  # "of the year"
            y = st.context_year(c.start)
            if y is None and st.last is not None:
                y = st.last.date.year
            year, anchor = (y, "context") if y is not None else ((ref.year, st.ref_anchor()) if ref else (None, None))
    if year is None:
        return None
    p = Point(_dt.date(year, 6 * h - 5, 1), "half")
    return Timex(c.start, c.end, "DATE", p.value(), anchor=anchor, point=p)


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # a winter is labelled with the year it starts in


def _season_year(ref: Ref, code: str, rel: str, direction: Optional[str]) -> int:
    """Which year's ``code`` season "last/next/this/the <season>" means, seen from ``ref``."""
    month = ref.month or 1
    now = ref.year * 12 + month - 1
    cur = now - (month - _SEASON_START[SEASON_OF_MONTH[month]]) % 12  # start of the current season
    starts = [y * 12 + _SEASON_START[code] - 1 for y in range(ref.year - 2, ref.year + 2)]
    before = max(x for x in starts if x < cur)
    after = min(x for x in starts if x > cur)
    if rel in ("last", "the past", "this past"):
        pick = before
    elif rel in ("next", "the coming"):
        pick = after
    elif cur in starts:
        pick = cur
    elif direction == PAST:
        pick = before
    elif direction == FUTURE:
        pick = after
    else:
        pick = before if cur - before <= after - cur else after
    return pick // 12


@normalizer("season")
def norm_season(c: Cand, st: State) -> Optional[Timex]:
    code = st.lx.seasons[(c.g("season") or "").lower()]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((c.g("pmod") or "").lower())
    rel = re.sub(r"\s+", " ", (c.g("rel") or "").lower())
    year, anchor = _year_of(c), None
    if year is None and rel == "that" and st.last is not None:
        year, anchor = st.last.date.year, "context"
    if year is None:
        year = st.context_year(c.start)
        anchor = "context" if year else None
    if year is None:
        ref = st.ref()
        if ref is None:
            return Timex(c.start, c.end, "DATE", f"XXXX-{code}", mod=mod)
        year = _season_year(ref, code, rel, st.direction(c.start, c.end)) if ref.month else ref.year
        anchor = st.ref_anchor()
    return Timex(c.start, c.end, "DATE", f"{year:04d}-{code}", mod=mod, anchor=anchor)


# ---------------------------------------------------------------------------------------
# Deictic and relative expressions
# ---------------------------------------------------------------------------------------
@normalizer("deictic")
def norm_deictic(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    word = (c.g("deic") or c.g("prel") or "").lower()
    far = (c.g("far") or "").lower()
    pod = (c.g("pod") or "").lower()
    pod_code = lx.parts_of_day.get(pod) if pod else None
    if word == "tonight":
        pod_code = "NI"
    if word == "last" and pod == "night":
        word = "yesterday"
    offset = {"today": 0, "this": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}.get(word, 0)
    if far:
        offset = 2 if far.startswith("after") else -2
    typ = "TIME" if pod_code else "DATE"
    if word == "today" and not pod_code:
        # "today's hyper-fragmented world": the present in general, not the day.
        tail = re.match(r"['’]s\s+(?:[\w-]+\s+){0,2}?(\w+)", st.after(c.end, 60))
        if tail and tail.group(1).lower() in lx.present_generic_nouns:
            return Timex(c.start, c.end, "DATE", "PRESENT_REF")
    if word == "that":
        base = st.last_day
        if base is None:
            return None
        p = Point(base.date, "day", pod=pod_code)
        return Timex(c.start, c.end, typ, p.value(), anchor="context", point=p)
    ref = st.ref()
    if ref is None or not ref.full:
        return Timex(c.start, c.end, "DATE", _vague_by_sign(offset))
    p = shift(Point(_dt.date(ref.year, ref.month, ref.day), "day", pod=pod_code), offset, "day")  # type: ignore[arg-type]
    return Timex(c.start, c.end, typ, p.value(), anchor=st.ref_anchor(), point=p)


@normalizer("pod")
def norm_pod(c: Cand, st: State) -> Optional[Timex]:
    code = st.lx.parts_of_day[(c.g("pod") or "").lower()]
    base = None
    anchor = None
    mod = {"mid": "MID", "early": "START", "late": "END"}.get((c.g("pmod") or "").lower())
    deic = (c.g("deic") or "").lower()
    ref = st.ref()
    if deic and ref is not None and ref.full:
        d = _dt.date(ref.year, ref.month, ref.day) + _dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[deic])  # type: ignore[arg-type]
        return Timex(c.start, c.end, "TIME", Point(d, "day", pod=code).value(), mod=mod, anchor=st.ref_anchor())
    if st.last_day is not None and st.tense.sentence_index(st.last_day_pos) == st.tense.sentence_index(c.start):
        base, anchor = st.last_day.date, "context"
    else:
        ref = st.ref()
        if ref is not None and ref.full:
            base, anchor = _dt.date(ref.year, ref.month, ref.day), st.ref_anchor()  # type: ignore[arg-type]
    if base is None:
        return None
    p = Point(base, "day", pod=code)
    return Timex(c.start, c.end, "TIME", p.value(), anchor=anchor, mod=mod)


_REL_SIGN = {
    "this": 0, "current": 0, "the current": 0, "this coming": 1, "the same": 0,
    "last": -1, "past": -1, "previous": -1, "the past": -1, "the last": -1, "this past": -1,
    "the previous": -1, "the preceding": -1, "the latest": 0,
    "next": 1, "coming": 1, "following": 1, "the next": 1, "the coming": 1, "the following": 1,
}
# Anaphoric words count from the date just mentioned, not from the publication date.
_CONTEXTUAL = {"the same", "following", "the following", "the previous", "the preceding"}


@normalizer("relative")
def norm_relative(c: Cand, st: State) -> Optional[Timex]:
    rel = re.sub(r"\s+", " ", (c.g("rel") or c.g("yrel") or "").lower())
    k = _REL_SIGN.get(rel, 0)
    lx = st.lx
    contextual = rel in _CONTEXTUAL
    ref = st.ref()
    if c.g("wd"):
        wd = lx.weekday(c.g("wd") or "")
        pod = c.g("pod")
        pod_code = lx.parts_of_day.get(pod.lower()) if pod else None
        if contextual and st.last_day is not None:
            base = Ref(st.last_day.date.year, st.last_day.date.month, st.last_day.date.day)
            d = weekday_date(base, wd, PAST if k < 0 else FUTURE, strict=True)  # type: ignore[arg-type]
            p = Point(d, "day", pod=pod_code)  # type: ignore[arg-type]
            return Timex(c.start, c.end, "TIME" if pod_code else "DATE", p.value(), anchor="context", point=p)
        return _weekday(c, st, wd, pod_code, strict="past" if k < 0 else "future" if k > 0 else None)
    if c.g("mon"):
        month = lx.month(c.g("mon") or "")
        if month is None:
            return None
        if c.g("yrel"):  # "July last year"
            if ref is None:
                return None
            y = ref.year + k
        elif ref is None:
            return Timex(c.start, c.end, "DATE", f"XXXX-{month:02d}")
        elif ref.month is None:
            y = ref.year - 1 if k < 0 else ref.year
        elif k < 0:
            y = ref.year if month < ref.month else ref.year - 1
        elif k > 0:
            y = ref.year if month > ref.month else ref.year + 1
        else:
            y = ref.year
        p = Point(_dt.date(y, month, 1), "month")
        return Timex(c.start, c.end, "DATE", p.value(), anchor=st.ref_anchor(), point=p)
    unit = (c.g("unit") or "").lower()
    if unit == "decade":
        if k != 0 or rel in ("the latest",):
            return Timex(c.start, c.end, "DURATION", "P10Y")
        if ref is None:
            return None
        return Timex(c.start, c.end, "DATE", f"{ref.year // 10:03d}X", anchor=st.ref_anchor())
    base: Optional[Point]
    anchor = st.ref_anchor()
    if contextual and st.last is not None:
        base, anchor = st.last, "context"
        if unit != "year" and ORDER[base.gran] < ORDER["week" if unit == "weekend" else unit]:
            return None  # "the following month" after "2017": there is no month to count from
    elif ref is not None:
        base = ref.point()
    else:
        return Timex(c.start, c.end, "DATE", _vague_by_sign(k))
    if unit == "weekend":
        if base.gran != "day":
            return Timex(c.start, c.end, "DATE", f"{base.date.year:04d}-WXX-WE", anchor=anchor)
        d = base.date
        if rel == "the":
            direction = st.direction(c.start)
            # Said on a weekday in the past tense: the weekend just gone.
            if direction == PAST and d.isoweekday() < 6:
                k = -1
        p = shift(Point(d, "weekend"), k, "week")
        return Timex(c.start, c.end, "DATE", p.value(), anchor=anchor, point=None)
    gran = unit if unit in ("year", "month", "week") else "year"
    if ORDER[base.gran] < ORDER[gran]:
        # A month or week counted from a date known only to the year (or month): what is known.
        if base.gran == "year":
            return Timex(c.start, c.end, "DATE", f"{base.date.year:04d}-" + ("XX" if gran == "month" else "WXX"), anchor=anchor)
        if base.gran == "month" and gran == "week":
            return Timex(c.start, c.end, "DATE", f"{base.date.year:04d}-WXX", anchor=anchor)
    p = shift(Point(base.date, gran), k, gran)
    return Timex(c.start, c.end, "DATE", p.value(), anchor=anchor, point=p, mod="APPROX" if c.g("orso") else None)


@normalizer("the_unit")
def norm_the_unit(c: Cand, st: State) -> Optional[Timex]:
    unit = (c.g("unit") or "").lower()
    det = re.sub(r"\s+", " ", (c.g("det") or "").lower())
    start, end = c.m.span("x")
    base: Optional[Point] = None
    anchor = "context"
    if det in ("that", "the same") or unit != "year":
        base = st.last_day if unit == "day" else st.last
    else:
        y = st.context_year(c.start)
        if y is not None:
            base = Point(_dt.date(y, 1, 1), "year")
        elif st.last is not None:
            base = st.last
    if base is None:
        ref = st.ref()
        if ref is None:
            return None
        base, anchor = ref.point(), st.ref_anchor()
    gran = {"year": "year", "month": "month", "week": "week", "day": "day", "quarter": "quarter"}[unit]
    if unit == "quarter" and (st.last is None or st.last.gran != "quarter"):
        return None  # "the quarter" names the quarter being reported, if the text reports one
    if ORDER[base.gran] < ORDER[gran]:
        return None
    p = Point(base.date, gran)
    return Timex(start, end, "DATE", p.value(), anchor=anchor, point=p if gran != "week" else None)


def _unit_gran(unit: str, info: dict) -> str:
    g = info["gran"]
    return {"decade": "year", "century": "year", "second": "day", "minute": "day", "hour": "day"}.get(g, g)


@normalizer("offset")
def norm_offset(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    u = lx.unit(c.g("unit") or "")
    if u is None:
        return None
    unit, info = u
    direction = re.sub(r"\s+", " ", (c.g("dir", "dir_") or "from now").lower())
    if c.rule.name == "offset_time":
        start, end = c.m.span("x")
        direction = "from now"
    else:
        start, end = c.start, c.end
    num_s = c.g("num")
    n = lx.number(num_s) if num_s else None
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    if n is None:
        if direction in ("ago", "from now", "hence"):
            return Timex(start, end, "DATE", _vague_by_sign(sign))
        # "A few days later", "hours later": TimeML marks the duration; the direction word is a signal
        return Timex(start, c.m.end("unit"), "DURATION", duration_value(None, unit, info))
    n *= info.get("factor", 1)
    base_unit = {"decade": "year", "century": "year", "millennium": "year", "fortnight": "week"}.get(unit, unit)
    gran = _unit_gran(unit, info)
    near_quarter = (
        st.last is not None and st.last.gran in ("quarter", "half") and base_unit == "year"
        and st.tense.sentence_index(c.start) - st.tense.sentence_index(st.last_pos) <= 1
    )
    if direction in ("ago", "from now", "hence") and not near_quarter:
        ref = st.ref()
        if ref is None:
            return Timex(start, end, "DATE", _vague_by_sign(sign))
        base, anchor = ref.point(), st.ref_anchor()
        if direction != "ago" and gran == "year":
            gran = "month"  # "in a year's time", "a year from now": the month is pinned too
    else:
        if st.last is None:
            ref = st.ref()
            if ref is None:
                return None
            base, anchor = ref.point(), st.ref_anchor()
        else:
            base, anchor = st.last, "context"
            if base.gran in ("quarter", "half", "season") and gran == "year":
                gran = base.gran
    if ORDER[base.gran] < ORDER[gran]:
        gran = base.gran if ORDER[base.gran] >= ORDER["year"] else "year"
    if base_unit in ("hour", "minute", "second"):
        gran = "day"
    p = shift(Point(base.date, gran), sign * n, base_unit if base_unit in ("day", "week", "month", "year", "quarter") else "day")
    if gran == "season":
        return None
    # A date counted from the context is not itself context: "a year earlier" twice
    # in a row means the same year, not two years back.
    return Timex(start, end, "DATE", p.value(), anchor=anchor, point=p if anchor != "context" else None,
                 mod="APPROX" if c.g("orso") else None)


@normalizer("anaphoric")
def norm_anaphoric(c: Cand, st: State) -> Optional[Timex]:
    phrase = re.sub(r"\s+", " ", (c.g("ana") or "").lower())
    offset = st.lx.anaphoric_days.get(phrase)
    if offset is None:
        return None
    base = st.last_day
    anchor = "context"
    if base is None:
        if phrase in ("the first day", "opening day", "the opening day", "its opening day", "the second day", "the third day", "the fourth day"):
            return None
        ref = st.ref()
        if ref is None or not ref.full:
            return None
        base, anchor = ref.point(), st.ref_anchor()
    pod = "MO" if phrase.endswith("morning") else None
    p = shift(Point(base.date, "day", pod=pod), offset, "day")
    return Timex(c.start, c.end, "TIME" if pod else "DATE", p.value(), anchor=anchor, point=p)


@normalizer("same_period")
def norm_same_period(c: Cand, st: State) -> Optional[Timex]:
    low = c.m.group(0).lower()
    k = 1 if re.search(r"next\s+year", low) else -1
    if c.g("yago") and (st.last is None or st.last.gran not in ("quarter", "half", "year")):
        ref = st.ref()
        if ref is None:
            return None
        p = Point(_dt.date(ref.year - 1, 1, 1), "year")
        return Timex(c.start, c.end, "DATE", p.value(), anchor=st.ref_anchor())
    base, anchor = st.last, "context"
    if base is None or ORDER[base.gran] > ORDER["month"]:
        ref = st.ref()
        if base is None:
            if ref is None:
                return None
            base, anchor = ref.point().coarser("year"), st.ref_anchor()
        else:
            base = base.coarser("month")
    if low.startswith(("this time", "that time")):
        ref = st.ref()
        if ref is None:
            return None
        base, anchor = ref.point().coarser("month"), st.ref_anchor()
    p = shift(base, k, "year")
    return Timex(c.start, c.end, "DATE", p.value(), anchor=anchor, point=p if anchor != "context" else None)


# ---------------------------------------------------------------------------------------
# Durations, vague references, sets
# ---------------------------------------------------------------------------------------
def duration_value(n: Optional[float], unit: str, info: dict) -> str:
    """ISO 8601 duration: P3Y, PT2H, P2Y6M, PXM for an unknown number."""
    iso = info["iso"]
    time = iso.startswith("T")
    des = iso[-1]
    if n is None:
        if unit == "decade":
            return "PXDE"
        if unit in ("century", "millennium"):
            return "PXCE"
        return ("PTX" if time else "PX") + des
    n *= info.get("factor", 1)
    whole = int(n)
    frac = n - whole
    if frac and des == "Y":
        months = round(frac * 12)
        return f"P{whole}Y{months}M" if whole else f"P{months}M"
    if frac and des == "H" and time:
        mins = round(frac * 60)
        return f"PT{whole}H{mins}M" if whole else f"PT{mins}M"
    if frac and des == "D":
        hours = round(frac * 24)
        return f"P{whole}DT{hours}H" if whole else f"PT{hours}H"
    if frac and des == "M" and time:
        secs = round(frac * 60)
        return f"PT{whole}M{secs}S" if whole else f"PT{secs}S"
    if frac and des == "M" and not time:
        return f"P{n:g}M"
    if frac and des == "W":
        days = round(n * 7)
        return f"P{days}D"
    return ("PT" if time else "P") + f"{whole}{des}"


@normalizer("duration")
def norm_duration(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    unit_s = c.g("unit", "unit_") or ""
    u = lx.unit(unit_s)
    if u is None:
        return None
    unit, info = u
    ordn = c.g("ord")
    num_s = c.g("num")
    start = c.start
    if ordn:
        n: Optional[float] = lx.ordinals.get(ordn.lower()) or float(re.match(r"\d+", ordn).group())  # type: ignore[union-attr]
    elif num_s is None:
        # "day-long" is one day; "decades-old", "for years" say no number
        n = 1 if c.rule.name == "duration_long" and not unit_s.lower().endswith("s") else None
    else:
        low = re.sub(r"\s+", " ", num_s.lower())
        if low in ("a", "an", "one") and unit in ("second", "quarter", "night", "business day", "trading day", "working day"):
            return None  # "a second time", "a quarter of startups"
        if low in ("half a", "half an", "a half"):
            n = 0.5
        elif low == "half":
            n = 0.5
        else:
            n = lx.number(low)
        if n is not None and n <= 0:
            return None
    if n is not None and c.g("half"):
        n += 0.5  # "a minute and a half"
    mod = None
    if num_s and re.match(r"a\s+couple|couple", num_s, re.I) or c.g("orso"):
        mod = "APPROX"
    value = duration_value(n, unit, info)
    return Timex(start, c.end, "DURATION", value, mod=mod)


@normalizer("vague")
def norm_vague(c: Cand, st: State) -> Optional[Timex]:
    phrase = re.sub(r"\s+", " ", (c.g("vague") or "").lower())
    if c.rule.type == "DURATION":
        value = st.lx.vague_durations.get(phrase)
        return Timex(c.start, c.end, "DURATION", value) if value else None
    value = st.lx.vague.get(phrase) or ("PRESENT_REF" if phrase == "present" else None)
    if value is None:
        return None
    return Timex(c.start, c.end, "DATE", value)


@normalizer("year_end")
def norm_year_end(c: Cand, st: State) -> Optional[Timex]:
    y = st.context_year(c.start)
    anchor = "context"
    if y is None:
        ref = st.ref()
        if ref is None:
            return None
        y, anchor = ref.year, st.ref_anchor()
    return Timex(c.start, c.end, "DATE", f"{y:04d}", mod="END", anchor=anchor)


def _set_period(unit: str, n: float, lx: Lexicon) -> str:
    u = lx.unit(unit)
    if u is None:
        return "P1Y"
    return duration_value(n, u[0], u[1])


@normalizer("set")
def norm_set(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    setw = c.g("setw")
    if setw:
        value = lx.sets.get(re.sub(r"\s+", " ", setw.lower()))
        return Timex(c.start, c.end, "SET", value) if value else None
    pod = c.g("pod", "pod_")
    pod_code = lx.parts_of_day.get(pod.lower().rstrip("s")) if pod else None
    wd = c.g("wd", "wd_")
    if wd:
        return Timex(c.start, c.end, "SET", f"XXXX-WXX-{lx.weekday(wd)}" + (f"T{pod_code}" if pod_code else ""))
    if c.g("mon"):
        return Timex(c.start, c.end, "SET", f"XXXX-{lx.month(c.g('mon') or ''):02d}")
    if c.g("season"):
        return Timex(c.start, c.end, "SET", f"XXXX-{lx.seasons[(c.g('season') or '').lower()]}")
    unit = c.g("unit") or ""
    freq = (c.g("freq") or "").lower()
    n = 1.0
    if c.g("num"):
        n = lx.number(c.g("num") or "") or 1.0
    if c.g("other"):
        n = 2.0
    if freq and freq not in ("once",):
        times = 2 if freq == "twice" else 3 if freq == "thrice" else lx.number(freq.split()[0]) or 1
        u = lx.unit(unit)
        if u and u[0] == "year" and 12 % times == 0:
            return Timex(c.start, c.end, "SET", f"P{12 // int(times)}M")
        if u and u[0] == "day" and 24 % times == 0:
            return Timex(c.start, c.end, "SET", f"PT{24 // int(times)}H")
    return Timex(c.start, c.end, "SET", _set_period(unit, n, lx))
