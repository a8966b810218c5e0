"""Normalizers for durations, vague references (PAST_REF ...), the year's end, and sets (TIMEX3 SET)."""

from __future__ import annotations

import re
from typing import Optional

from .core import Cand, State, Timex, normalizer
from .lexicon import Lexicon
from .lazyre import lazy


# "last" after these is the verb ("expected to last several weeks"), not an adjective.
_VERB_LAST = lazy(r"\b(?:to|will|would|could|can|may|might|should|must|not|n't|did|does|do)\s+$", re.I)


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
    if (c.g("rel") or "").lower() == "last" and not c.g("the") and _VERB_LAST.search(st.before(c.start, 20)):
        start = c.m.start("num")  # "could last a fortnight": the verb, not "the last two weeks"
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
        known = lx.number(c.g("num") or "")
        if known is None:  # "every few years"
            u = lx.unit(unit)
            return Timex(c.start, c.end, "SET", duration_value(None, u[0], u[1]) if u else "PXY")
        n = known
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
