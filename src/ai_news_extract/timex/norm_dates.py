"""Normalizers for calendar dates: full and partial dates, weekdays, holidays, clock times, years, decades, centuries."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from .calendar import ORDER, Point, clock_value, holiday_date, holiday_month, safe_date, weekday_date
from .core import Cand, State, Timex, int_day, normalizer, resolve_year, year_of
from .dateparse import parse_day, widen_year
from .lexicon import Lexicon
from .tense import FUTURE, PAST


def _time_of(c: Cand, lx: Lexicon) -> Optional[tuple[int, ...]]:
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
    ss = c.g("ss")
    return (hh, mi, int(ss)) if ss else (hh, mi)


def _given_time(c: Cand) -> Optional[tuple[int, ...]]:
    """The 24-hour clock time written with a date ("2021-02-05 10:26", "2023-11-08 00:21:45")."""
    if not c.g("hh"):
        return None
    t = (int(c.g("hh")), int(c.g("mi") or 0))  # type: ignore[arg-type]
    return t + (int(c.g("ss")),) if c.g("ss") else t  # type: ignore[arg-type]


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
        tx.value = re.sub(r"T\w+$", "", tx.value) + f"T{clock_value(t)}"
    return tx


@normalizer("calendar")
def norm_calendar(c: Cand, st: State) -> Optional[Timex]:
    lx = st.lx
    mon = c.g("mon")
    month = int(c.g("m")) if c.g("m") else (lx.month(mon) if mon else None)
    day = int_day(c.g("d")) if c.g("d") else None
    year = year_of(c)
    wd = c.g("wd")
    pod = c.g("pod")
    pod_code = lx.parts_of_day.get(pod.lower()) if pod else None
    holiday = c.g("holiday")
    if holiday:
        spec = lx.holidays[re.sub(r"\s+", " ", holiday.lower()).replace("’", "'")]
        return _holiday(c, st, spec, year)
    time = _given_time(c)
    if month is None:
        return weekday_timex(c, st, lx.weekday(wd), pod_code, strict=None) if wd else None
    anchor = None
    if year is None:
        year, anchor = resolve_year(st, c.start, month, day, c.end)
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
        year, anchor = resolve_year(st, c.start, holiday_month(spec), None, c.end)
    if year is None:
        return None
    d = holiday_date(spec, year, st.lx.holiday_tables)
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
    d1, d2 = int_day(c.g("d") or "0"), int_day(c.g("d2") or "0")
    year = year_of(c)
    anchor = None
    if year is None:
        year, anchor = resolve_year(st, c.start, m1, d1, c.end)
    if year is None:
        # No year anywhere: the days without one, as "May 26" alone gives XXXX-05-26
        # (checked in a leap year, so that "Feb. 28 to 29" stands).
        a, b = safe_date(2000, m1, d1), safe_date(2000, m2, d2)
        if a is None or b is None or b <= a:
            return None
        return Timex(c.start, c.end, "DATE", f"XXXX-{a.isoformat()[5:]}/XXXX-{b.isoformat()[5:]}")
    a, b = safe_date(year, m1, d1), safe_date(year + (1 if m2 < m1 else 0), m2, d2)
    if a is None or b is None or b <= a:
        return None
    # The start day stays as context: "the first day" of "Sept 17 to 19" is the 17th.
    return Timex(c.start, c.end, "DATE", f"{a.isoformat()}/{b.isoformat()}", anchor=anchor, point=Point(a, "day"))


def weekday_timex(c: Cand, st: State, wd: Optional[int], pod: Optional[str], strict: Optional[str]) -> Optional[Timex]:
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


_CLOCK_CUE = re.compile(r"\b(?:at|by|until|till|from|before|after|around|about|since|to|between|and)\s+(?-i:[A-Z]{2,5}\s+)?$",
                        re.I)


@normalizer("clock")
def norm_clock(c: Cand, st: State) -> Optional[Timex]:
    t = _time_of(c, st.lx)
    if t is None:
        return None
    # A bare "10:26" is a time only where the text says so ("at 10:26", "Issued at HKT 16:30"); scores and
    # ratios are not.
    if not (c.g("ampm") or c.g("tz") or c.g("named") or c.g("pod") or "clock" in c.m.group(0)):
        if not _CLOCK_CUE.search(st.before(c.start, 18)):
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
    return Timex(c.start, c.end, "TIME", f"XXXX-XX-XXT{clock_value(t)}")


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
    y = year_of(c)
    if y is None:
        return None
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


@normalizer("parsed_date")
def norm_parsed_date(c: Cand, st: State) -> Optional[Timex]:
    """A loose absolute date ("24/05/2023", "21-Mar-13", "2013.03.21"); dateparser reads the numeric ones.

    The rule gives the pieces. A month spelled out ("21-Mar-13") leaves nothing to
    decide; otherwise dateparser reads the date in the order the pieces imply, and
    its answer is kept only if it has the same year, month and day as the text (see
    :mod:`.dateparse`).
    """
    ref = st.ref()
    y4, y2 = c.g("y", "y_", "y__"), c.g("yy")
    year = int(y4) if y4 else widen_year(int(y2), ref.year if ref else None) if y2 else None  # type: ignore[arg-type]
    if year is None:
        return None
    date_text = c.m.group("date")
    if y2:  # dateparser would make 1913 of "13": give it the year we mean
        date_text = date_text[: c.m.start("yy") - c.m.start("date")] + str(year)
    mon = c.g("mon", "mon_", "mon__")
    if mon:
        month = st.lx.month(mon)
        day = int(c.g("d", "d_", "d__") or 0)
        order = "YMD" if c.g("y__") else "MDY" if c.g("mon_") else "DMY"
        expected = {(month, day)}
    else:
        a, b = int(c.g("a", "a_") or 0), int(c.g("b", "b_") or 0)
        if c.g("y_"):
            order, expected = "YMD", {(a, b)}
        elif a > 12:
            order, expected = "DMY", {(b, a)}
        elif b > 12:
            order, expected = "MDY", {(a, b)}
        else:  # both could be the month: "/" is read month first (US), "." and "-" day first
            order = "MDY" if c.g("sep") == "/" else "DMY"
            expected = {(a, b)} if order == "MDY" else {(b, a)}
    d: Optional[_dt.date] = None
    if mon:
        try:
            d = _dt.date(year, month, day) if month else None
        except ValueError:  # "30-Feb-2024"
            return None
    else:
        d = parse_day(date_text, order)
    if d is None or d.year != year or (d.month, d.day) not in expected:
        return None
    time = _given_time(c)
    p = Point(d, "minute" if time else "day", time=time)
    tx = Timex(c.start, c.end, "TIME" if time else "DATE", p.value(), point=p, explicit_year=True)
    return tx if time else _with_clock(tx, c, st)  # "21:37, 27-Mar-2026"
