"""Small calendar helpers over TIMEX3 calendar values.

Values: "2019", "2019-03", "2019-03-28", and the coarser "2019-W12" (ISO week),
"2019-Q1", "2019-H1" (half year) and "2019-SP" (season: SP, SU, FA, WI).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import Optional


_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


@lru_cache(maxsize=4096)  # (the same few values are compared again and again: the publication date, "2024")
def bounds(value: str) -> Optional[tuple[dt.date, dt.date]]:
    """First and last day a calendar value covers."""
    try:
        year, _, rest = value.partition("-")
        if rest in _SEASONS:
            return _months(int(year), *_SEASONS[rest])
        if rest[:1] == "W":
            monday = dt.date.fromisocalendar(int(year), int(rest[1:3]), 1)
            return monday, monday + dt.timedelta(days=6)
        if rest[:1] == "Q":
            q = int(rest[1])
            return _months(int(year), 3 * q - 2, 3 * q)
        if rest[:1] == "H":
            h = int(rest[1])
            return _months(int(year), 6 * h - 5, 6 * h)
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        day = dt.date(parts[0], parts[1], parts[2])
        return day, day
    except (ValueError, IndexError):
        return None


def relation(a: Optional[str], b: Optional[str]) -> Optional[str]:
    """'before' when all of ``a`` lies before ``b``, 'after', or 'overlap'; None if unknown."""
    if not a or not b:
        return None
    ba, bb = bounds(a), bounds(b)
    if ba is None or bb is None:
        return None
    if ba[1] < bb[0]:
        return "before"
    if ba[0] > bb[1]:
        return "after"
    return "overlap"


def is_full(value: Optional[str]) -> bool:
    return bool(value) and len(value) == 10


def days_between(a: str, b: str) -> Optional[int]:
    """b - a in days, for two full dates."""
    if not (is_full(a) and is_full(b)):
        return None
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def add_days(value: str, n: int) -> Optional[str]:
    if not is_full(value):
        return None
    return (dt.date.fromisoformat(value) + dt.timedelta(days=n)).isoformat()


def compatible(a: Optional[str], b: Optional[str]) -> bool:
    """Two values can describe the same time: one lies within the other."""
    if not a or not b:
        return True
    ba, bb = bounds(a), bounds(b)
    if ba is None or bb is None:
        return a.startswith(b) or b.startswith(a)
    return ba[0] <= bb[0] and bb[1] <= ba[1] or bb[0] <= ba[0] and ba[1] <= bb[1]


def refine(old: Optional[str], new: Optional[str]) -> Optional[str]:
    """Keep the more specific of two compatible values ("2018-09" + "2018-09-17"); on conflict keep ``old``."""
    if not old:
        return new
    if not new or not compatible(old, new):
        return old
    bo, bn = bounds(old), bounds(new)
    if bo is None or bn is None:
        return new if new.startswith(old) and len(new) > len(old) else old
    return new if (bn[1] - bn[0]) < (bo[1] - bo[0]) else old
