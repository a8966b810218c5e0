"""dateparser as the reader of loose absolute dates: "24/05/2023", "21-Mar-2013", "2013.03.21".

The common shapes ("March 28, 2019", "2019-04-19", "10 February 2025") have their
own patterns and normalizers: exact, and a thousand times faster. dateparser
reads only the rarer shapes the ``loose_*`` rules of ``patterns.json`` find,
whose pieces come in several orders and spellings. Its answer is used only
where it agrees with the text:

- the rule has matched a day, a month and a year, so the granularity is a day
  and ``REQUIRE_PARTS`` makes dateparser fail rather than fill one in;
- ``DATE_ORDER`` comes from the rule (a day over 12 decides; otherwise the
  separator: "/" month first as in the US, "." and "-" day first);
- two-digit years are widened by the caller before parsing (dateparser would
  read "21-Mar-13" as 1913), and the result must carry that year;
- ``RELATIVE_BASE`` is fixed, so nothing depends on the clock.

dateparser is imported on the first such date only: the import and the first
parse cost about 250 ms, which an article without one never pays.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Optional

_BASE = _dt.datetime(2000, 1, 1)
ORDERS = ("DMY", "MDY", "YMD")


@lru_cache(maxsize=3)
def _parser(order: str):
    from dateparser.date import DateDataParser  # lazy: see the module docstring

    settings = {
        "DATE_ORDER": order,
        "PREFER_LOCALE_DATE_ORDER": False,
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RELATIVE_BASE": _BASE,
        "STRICT_PARSING": True,
    }
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=1024)
def parse_day(text: str, order: str) -> Optional[_dt.date]:
    """The day ``text`` names, read in ``order`` ("DMY", "MDY" or "YMD"); None if it names no valid day."""
    if order not in ORDERS:
        raise ValueError(f"unknown date order {order!r}")
    try:
        found = _parser(order).get_date_data(text).date_obj
    except (ValueError, OverflowError):
        return None
    return found.date() if found is not None else None


def widen_year(two_digits: int, ref_year: Optional[int]) -> int:
    """A two-digit year as a reader of an article from ``ref_year`` takes it: at most ten years ahead."""
    ref = ref_year if ref_year is not None else 2000
    y = (ref // 100) * 100 + two_digits
    if y > ref + 10:
        y -= 100
    elif y < ref - 90:
        y += 100
    return y
