"""Normalizers for parts of a year: quarters, halves, seasons."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from .calendar import SEASON_OF_MONTH, Point, Ref, add_months, shift
from .core import Cand, State, Timex, normalizer, resolve_year, vague_by_sign, year_of
from .tense import FUTURE, PAST


_ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4, "latter": 2}


def _rel_sign(word: str) -> int:
    w = word.lower()
    return -1 if w in ("last", "previous") else 1 if w == "next" else 0


def _rel_year(word: Optional[str], ref: Optional[Ref]) -> Optional[int]:
    if not word or ref is None:
        return None
    return ref.year + _rel_sign(word)


@normalizer("quarter")
def norm_quarter(c: Cand, st: State) -> Optional[Timex]:
    ref = st.ref()
    qn = c.g("qn", "qn_")
    q = int(qn) if qn else _ORDINAL_Q.get((c.g("qo") or "").lower())
    year = year_of(c) or (int(c.g("qy")) if c.g("qy") else None)  # type: ignore[arg-type]
    anchor = None
    qrel = (c.g("qrel") or "").lower()
    low = c.m.group(0).lower()
    if (c.g("qo") or "").lower() == "last" and not (c.g("det") or year or qrel):
        q, qrel = None, "last"  # "sales fell last quarter": the one before, not "the last quarter" (Q4)
    rel_year = qrel if qrel in ("this", "last", "next") and "year" in low else None
    if rel_year is None and (found := re.search(r"(this|last|next)\s+year", low)):
        rel_year = found.group(1)
    if year is None and rel_year:
        if ref is None:
            # "the third quarter of next year" with no date to count from: as "next year" alone
            return Timex(c.start, c.end, "DATE", vague_by_sign(_rel_sign(rel_year)))
        year, anchor = _rel_year(rel_year, ref), st.ref_anchor()
    if q is None:
        # "this quarter", "last quarter", "the latest quarter"
        k = 0
        rel = qrel + " " + (c.g("qrel0") or "")
        if re.search(r"last|previous|prior|past|latest", rel):
            k = -1
        elif re.search(r"next|following", rel):
            k = 1
        if ref is None:
            return Timex(c.start, c.end, "DATE", vague_by_sign(k))
        if ref.month is None:
            return None
        cur = Point(_dt.date(ref.year, ref.month, 1), "quarter")
        p = shift(cur, k, "quarter")
        return Timex(c.start, c.end, "DATE", p.value(), anchor=st.ref_anchor(), point=p)
    if year is None:
        year = st.context_year(c.start, periods=True)
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
    # (a year the expression states frames the sentence: "in the third quarter of 2025, up from the first")
    return Timex(start, c.end, "DATE", p.value(), anchor=anchor, point=p, explicit_year=bool(year_of(c) or c.g("qy")))


@normalizer("half")
def norm_half(c: Cand, st: State) -> Optional[Timex]:
    ref = st.ref()
    hn = c.g("hn", "hn_")
    ho = (c.g("ho") or "").lower()
    h = int(hn) if hn else (2 if ho in ("last", "latter") else _ORDINAL_Q.get(ho))
    if h not in (1, 2):
        return None
    year = year_of(c)
    anchor = None
    start = c.start
    if c.rule.name == "half_bare":
        # "profit rose in the first half": the year in the sentence, else the latest half of that
        # number up to the publication date (the next one if the clause points ahead)
        if c.g("det") and c.g("hy") == "-":
            start = c.m.start("ho")  # "the first-half results": the adjective only
        year = st.context_year(c.start, periods=True)
        if year is not None:
            anchor = "context"
        elif ref is None:
            return Timex(start, c.end, "DATE", f"XXXX-H{h}")
        else:
            year, anchor = ref.year, st.ref_anchor()
            if ref.month is not None and h > (1 if ref.month <= 6 else 2) and st.direction(c.start) != FUTURE:
                year -= 1
    elif year is None:
        if c.g("hrel") and ref is None:
            # "the first half of next year" with no date to count from: as "next year" alone
            return Timex(start, c.end, "DATE", vague_by_sign(_rel_sign(c.g("hrel"))))
        if c.g("hrel"):
            year, anchor = _rel_year(c.g("hrel"), ref), st.ref_anchor()
        else:  # "of the year"
            y = st.context_year(c.start, periods=True)
            if y is None and st.last is not None:
                y = st.last.date.year
            year, anchor = (y, "context") if y is not None else ((ref.year, st.ref_anchor()) if ref else (None, None))
    if year is None:
        return None
    p = Point(_dt.date(year, 6 * h - 5, 1), "half")
    return Timex(start, c.end, "DATE", p.value(), anchor=anchor, point=p, explicit_year=year_of(c) is not None)


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
    year, anchor = year_of(c), None
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


_WEEK_OF = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@normalizer("week_of_month")
def norm_week_of_month(c: Cand, st: State) -> Optional[Timex]:
    """"the first week of April": the ISO week that holds the month's 4th (11th, 18th, 25th; "last": the
    3rd day before its end), so a week counts for the month that has most of its days."""
    month = st.lx.month(c.g("mon") or "")
    if month is None:
        return None
    year, anchor = year_of(c), None
    if year is None:
        year, anchor = resolve_year(st, c.start, month, None, c.end)
    if year is None:
        return Timex(c.start, c.end, "DATE", f"XXXX-{month:02d}")
    n = _WEEK_OF.get((c.g("wo") or "").lower())
    first = _dt.date(year, month, 1)
    day = first + _dt.timedelta(days=7 * (n - 1) + 3) if n else add_months(first, 1) - _dt.timedelta(days=4)
    return Timex(c.start, c.end, "DATE", Point(day, "week").value(), anchor=anchor, point=Point(first, "month"),
                 explicit_year=anchor is None)


@normalizer("month_span")
def norm_month_span(c: Cand, st: State) -> Optional[Timex]:
    """"the October-December quarter" (2012-Q4), "the January-June period" (H1); another span of
    months is a range ("the March-May period": 2013-03/2013-05)."""
    m1, m2 = st.lx.month(c.g("mon") or ""), st.lx.month(c.g("mon2") or "")
    if not (m1 and m2) or m1 == m2:
        return None
    year, anchor = year_of(c), None
    if year is None:
        year, anchor = resolve_year(st, c.start, m2, None, c.end)
    if year is None:
        return None
    y1 = year - 1 if m1 > m2 else year  # "the November-January period" starts the year before
    span = (m2 - m1) % 12 + 1
    if span == 3 and m1 in (1, 4, 7, 10):
        p = Point(_dt.date(year, m1, 1), "quarter")
    elif span == 6 and m1 in (1, 7):
        p = Point(_dt.date(year, m1, 1), "half")
    else:
        return Timex(c.start, c.end, "DATE", f"{y1:04d}-{m1:02d}/{year:04d}-{m2:02d}", anchor=anchor,
                     point=Point(_dt.date(year, m2, 1), "month"))
    return Timex(c.start, c.end, "DATE", p.value(), anchor=anchor, point=p)
