"""Normalizers for expressions counted from another date: today, this morning, last year,
two years ago, the following day, the same period last year."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from .calendar import ORDER, Point, Ref, shift, weekday_date
from .core import Cand, State, Timex, normalizer, vague_by_sign
from .norm_dates import weekday_timex
from .norm_durations import duration_value
from .tense import FUTURE, PAST


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
        return Timex(c.start, c.end, "DATE", vague_by_sign(offset))
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


@normalizer("overnight")
def norm_overnight(c: Cand, st: State) -> Optional[Timex]:
    """"Prices fell overnight": the night before the day being told (a day named in this sentence or
    the one before, else the publication day); that day's night when the clause points ahead
    ("will stay overnight")."""
    if st.last_day is not None and st.tense.sentence_index(c.start) - st.tense.sentence_index(st.last_day_pos) <= 1:
        base, anchor = st.last_day.date, "context"
    else:
        ref = st.ref()
        if ref is None or not ref.full:
            return None
        base, anchor = _dt.date(ref.year, ref.month, ref.day), st.ref_anchor()  # type: ignore[arg-type]
    if st.direction(c.start, c.end) != FUTURE:
        base -= _dt.timedelta(days=1)
    return Timex(c.start, c.end, "TIME", Point(base, "day", pod="NI").value(), anchor=anchor)


_REL_SIGN = {
    "this": 0, "current": 0, "the current": 0, "this coming": 1, "the same": 0,
    "last": -1, "past": -1, "previous": -1, "the past": -1, "the last": -1, "this past": -1,
    "the previous": -1, "the preceding": -1, "the latest": 0, "prior": -1, "the prior": -1,
    "next": 1, "coming": 1, "following": 1, "the next": 1, "the coming": 1, "the following": 1,
}
# Anaphoric words count from the date just mentioned, not from the publication date.
_CONTEXTUAL = {"the same", "following", "the following", "the previous", "the preceding", "prior", "the prior"}


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
        return weekday_timex(c, st, wd, pod_code, strict="past" if k < 0 else "future" if k > 0 else None)
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
        return Timex(c.start, c.end, "DATE", vague_by_sign(k))
    if unit == "weekend":
        if base.gran != "day":
            return Timex(c.start, c.end, "DATE", f"{base.date.year:04d}-WXX-WE", anchor=anchor)
        d = base.date
        if rel == "the":
            direction = st.direction(c.start)
            # Said on a weekday in the past tense: the weekend just gone. With no tense
            # to go by, the nearer one: early in the week, the weekend just gone.
            if d.isoweekday() < 6 and (direction == PAST or (direction != FUTURE and d.isoweekday() <= 2)):
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
    gran = {"year": "year", "month": "month", "week": "week", "day": "day", "quarter": "quarter", "decade": "decade"}[unit]
    if unit == "quarter":
        # "the quarter", "that quarter": the quarter being reported, if the text names one
        if st.last_quarter is None:
            return None
        base, anchor = st.last_quarter, "context"
    if ORDER[base.gran] < ORDER[gran] and anchor == "context" and unit == "week" and st.ref() is not None:
        # "between March and May ... Earlier in the week": no week in the last date, so the
        # publication's week, as with no date before it
        base, anchor = st.ref().point(), st.ref_anchor()
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
        if unit == "second" and (c.g("num") or "").lower() in ("a", "an", "one"):
            return None  # "a second time": once more, not a second from now
    else:
        start, end = c.start, c.end
    num_s = c.g("num")
    n = lx.number(num_s) if num_s else 1 if c.rule.name == "the_unit_before" else None  # "the year before"
    if n is not None and c.g("half"):
        n += 0.5  # "a year and a half ago"
        if direction != "ago":  # "a minute and a half later": TimeML marks the duration
            return Timex(start, c.m.end("half"), "DURATION", duration_value(n / info.get("factor", 1), unit, info))
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    if n is None and not re.search(r"s\W*$", c.g("unit") or ""):
        return None  # "the day before": a singular unit needs a number ("a day before"); the anaphoric rule reads it
    if n is None:
        if direction in ("ago", "from now", "hence"):
            return Timex(start, end, "DATE", vague_by_sign(sign))
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
            return Timex(start, end, "DATE", vague_by_sign(sign))
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
    if base_unit in ("hour", "minute", "second"):
        # "two hours later": the day it lands on, not two days on
        secs = {"hour": 3600, "minute": 60, "second": 1}[base_unit] * n
        p = shift(Point(base.date, gran), sign * int(secs // 86400), "day")
    else:
        step = base_unit if base_unit in ("day", "week", "month", "year", "quarter") else "day"
        p = shift(Point(base.date, gran), sign * n, step)
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
    base = st.story_day or st.last_day
    anchor = "context"
    if phrase in st.lx.event_days:
        # "the opening day", "the second day": counted from the day an event opened, not the latest one named
        base = st.last_opening or st.last_held or base
        if base is None:
            return None
    if base is None:
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


@normalizer("reported_period")
def norm_reported_period(c: Cand, st: State) -> Optional[Timex]:
    """"the latest period" in an earnings report: the quarter the text reports on, if it names one."""
    if st.last_quarter is None:
        return None
    return Timex(c.start, c.end, "DATE", st.last_quarter.value(), anchor="context")
