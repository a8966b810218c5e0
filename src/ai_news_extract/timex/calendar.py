"""Calendar arithmetic and TIMEX3 value formatting.

A resolved date is a :class:`Point`: a ``datetime.date`` plus the granularity
the text gave it ("March 2019" is a month, not 2019-03-01). Values are written
from the granularity, so a missing day is never invented.
"""

from __future__ import annotations

import calendar as _cal
import datetime as _dt
import re
from dataclasses import dataclass, replace
from typing import Optional
from .lazyre import lazy

# Granularities from coarse to fine; "quarter"/"half"/"season" sit between year and month.
ORDER = {
    "century": 0, "decade": 1, "year": 2, "half": 3, "quarter": 4, "season": 4, "month": 5,
    "week": 6, "weekend": 6, "day": 7, "pod": 8, "hour": 9, "minute": 10, "second": 11,
}
SEASON_OF_MONTH = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


@dataclass(frozen=True)
class Point:
    """A date at a granularity; ``pod`` (MO/AF/EV/NI) and ``time`` (hh, mm) or (hh, mm, ss) refine a day."""

    date: _dt.date
    gran: str
    pod: Optional[str] = None
    time: Optional[tuple[int, ...]] = None
    season: Optional[str] = None

    def value(self) -> str:
        d, g = self.date, self.gran
        if g == "century":
            return f"{d.year // 100:02d}"
        if g == "decade":
            return f"{d.year // 10:03d}X"
        if g == "year":
            return f"{d.year:04d}"
        if g == "half":
            return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        if g == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if g == "season":
            return f"{d.year:04d}-{self.season or SEASON_OF_MONTH[d.month]}"
        if g == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if g in ("week", "weekend"):
            y, w, _ = d.isocalendar()
            return f"{y:04d}-W{w:02d}" + ("-WE" if g == "weekend" else "")
        day = d.isoformat()
        if self.time is not None:
            return f"{day}T{clock_value(self.time)}"
        if self.pod:
            return f"{day}T{self.pod}"
        return day

    def coarser(self, gran: str) -> "Point":
        """The same point at a coarser (or equal) granularity."""
        if ORDER[gran] >= ORDER[self.gran]:
            return self
        return Point(self.date, gran)


def clock_value(t: tuple[int, ...]) -> str:
    """"14:30" for (14, 30); "00:21:45" for (0, 21, 45): seconds only when the text gave them."""
    return ":".join(f"{x:02d}" for x in t[:3])


def add_months(d: _dt.date, n: int) -> _dt.date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return _dt.date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def shift(p: Point, n: float, unit: str) -> Point:
    """``p`` moved by ``n`` units (negative: back). Granularity is kept."""
    d = p.date
    try:
        if unit in ("day", "night", "business day", "trading day", "working day"):
            d = d + _dt.timedelta(days=round(n))
        elif unit in ("week", "weekend", "fortnight"):
            d = d + _dt.timedelta(weeks=round(n * (2 if unit == "fortnight" else 1)))
        elif unit == "month":
            d = add_months(d, round(n))
        elif unit == "quarter":
            d = add_months(d, round(3 * n))
        elif unit in ("half",):
            d = add_months(d, round(6 * n))
        elif unit == "season":
            d = add_months(d, round(3 * n))
        elif unit == "year":
            d = add_months(d, round(12 * n))
        elif unit == "decade":
            d = add_months(d, round(120 * n))
        elif unit == "century":
            d = add_months(d, round(1200 * n))
        else:  # hours and finer: the day is what a date value keeps
            return p
    except (OverflowError, ValueError):
        return p
    return replace(p, date=d)


_DCT_RE = lazy(r"^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:T(\d{2}):?(\d{2}))?")


@dataclass(frozen=True)
class Ref:
    """What relative expressions are resolved against: a full day, or only a month or a year."""

    year: int
    month: Optional[int] = None
    day: Optional[int] = None

    @property
    def full(self) -> bool:
        return self.day is not None

    @property
    def gran(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def point(self) -> Point:
        return Point(_dt.date(self.year, self.month or 1, self.day or 1), self.gran)

    @classmethod
    def from_point(cls, p: Point) -> Optional["Ref"]:
        if ORDER[p.gran] >= ORDER["day"]:
            return cls(p.date.year, p.date.month, p.date.day)
        if p.gran == "month":
            return cls(p.date.year, p.date.month)
        if p.gran == "year":
            return cls(p.date.year)
        return None


def parse_dct(value: Optional[str]) -> Optional[Ref]:
    """``Ref`` from "2019-04-19", "2019-04", "2019", "19980227" or "1998-02-27T08:13:00"."""
    if not value:
        return None
    m = _DCT_RE.match(value.strip())
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if mo and d:
            _dt.date(y, int(mo), int(d))
            return Ref(y, int(mo), int(d))
        if mo and 1 <= int(mo) <= 12:
            return Ref(y, int(mo))
    except ValueError:
        pass
    return Ref(y)


def safe_date(y: int, m: int, d: int) -> Optional[_dt.date]:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def nearest_year(ref: Ref, month: int, day: Optional[int], direction: Optional[str], strict: bool = False) -> int:
    """The year of (month, day) as seen from ``ref``: the nearest occurrence, unless it is
    over three months away and the clause's tense ("past"/"future") points the other way;
    ``strict``: the last (or next) one in ``direction`` wherever it is."""
    if ref.month is None:
        return ref.year
    here = (ref.month, ref.day or 15)
    there = (month, day if day is not None else 15)
    diff = (month - ref.month) + (there[1] - here[1]) / 31.0
    nearest = ref.year - 1 if diff > 6 else ref.year + 1 if diff < -6 else ref.year
    # Within a season of the reference the nearest one is right whatever the tense
    # (measured on TempEval-3 train: 201 of 221 bare months, against 172 by tense alone).
    if not strict and (abs(diff) <= 3 or abs(diff) >= 9) or direction not in ("past", "future"):
        return nearest
    if direction == "past":
        return ref.year if there <= here else ref.year - 1
    return ref.year if there >= here else ref.year + 1


def weekday_date(ref: Ref, weekday: int, direction: Optional[str], strict: bool = False) -> Optional[_dt.date]:
    """The date of ``weekday`` (1=Monday) seen from the day ``ref`` in ``direction``."""
    if not ref.full:
        return None
    base = _dt.date(ref.year, ref.month, ref.day)  # type: ignore[arg-type]
    back = (base.isoweekday() - weekday) % 7
    ahead = (weekday - base.isoweekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if direction == "past":
        return base - _dt.timedelta(days=back)
    if direction == "future":
        return base + _dt.timedelta(days=ahead)
    return base - _dt.timedelta(days=back) if back <= ahead else base + _dt.timedelta(days=ahead)


def easter(year: int) -> _dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return _dt.date(year, month, (h + l - 7 * m + 114) % 31 + 1)


def holiday_month(spec: str) -> int:
    """The month a holiday spec falls in (Easter: April, near enough to choose its year)."""
    if spec.startswith("easter"):
        return 4
    if spec.startswith("lunar:"):
        return int(spec.split(":")[1])
    if spec[0].isdigit():
        return int(spec[:2])
    return int(spec.split(":")[1])


def holiday_date(spec: str, year: int, tables: Optional[dict[str, dict[str, str]]] = None) -> Optional[_dt.date]:
    """The date of a lexicon holiday spec in ``year`` (see lexicon.json "holidays"); ``tables`` holds the
    dates of the holidays no rule gives (lexicon "holiday_tables")."""
    if spec.startswith("lunar:"):
        mmdd = (tables or {}).get(spec.split(":", 2)[2], {}).get(str(year))
        return safe_date(year, int(mmdd[:2]), int(mmdd[3:5])) if mmdd else None
    if spec[0].isdigit():
        return safe_date(year, int(spec[:2]), int(spec[3:5]))
    parts = spec.split(":")
    if parts[0] == "easter":
        return easter(year) + _dt.timedelta(days=int(parts[1]) if len(parts) > 1 else 0)
    month, weekday = int(parts[1]), int(parts[2])
    if parts[0] == "last":
        last = _dt.date(year, month, _cal.monthrange(year, month)[1])
        return last - _dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    first = _dt.date(year, month, 1)
    d = first + _dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (int(parts[3]) - 1))
    return d + _dt.timedelta(days=int(parts[4]) if len(parts) > 4 else 0)
