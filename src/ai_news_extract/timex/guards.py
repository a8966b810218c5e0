"""Context checks for pattern matches that only look temporal.

A rule in ``patterns.json`` may name a ``guard``. The guard sees the match, up to
40 characters on each side and the lexicon, and returns False to drop the match.
Examples it drops: "may" as a verb, "a fall in prices", "China Daily", "the
future of work".
"""

from __future__ import annotations

import re
from typing import Callable

from .lexicon import Lexicon
from .lazyre import lazy

Guard = Callable[[re.Match, str, str, Lexicon], bool]
GUARDS: dict[str, Guard] = {}


def guard(name: str) -> Callable[[Guard], Guard]:
    def deco(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return deco


def passes(name: str, m: re.Match, text: str, lexicon: Lexicon) -> bool:
    s, e = m.span()
    return GUARDS[name](m, text[max(0, s - 40) : s], text[e : e + 40], lexicon)


def _words(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower())


_MONTH_CUE = lazy(
    r"\b(?:in|on|since|by|until|till|through|from|to|of|last|next|this|early|late|mid|during|before|after|"
    r"between|and|or|end|beginning|start|middle|each|every)\s*-?\s*$",
    re.I,
    ahead=True,
)
_NAME_AFTER = lazy(r"\s+[A-Z][a-z]|\s+(?:for|of|on|against)\s+(?:the\s+)?[A-Z]")


@guard("month")
def _month(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"May" needs a cue ("in May"); a month followed by a name is part of one ("June Carter")."""
    cue = bool(_MONTH_CUE.search(before))
    if m.group("mon").lower().rstrip(".") in lx.ambiguous_months:
        return cue
    return cue or not _NAME_AFTER.match(after)


_SEASON_CUE = lazy(r"\b(?:in|during|by|until|till|through|over|since|before|after|of|and|or|this|last|next|early|late|mid)\s*-?\s*$", re.I, ahead=True)


@guard("season")
def _season(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"in spring", "last fall", "the summer of 2019"; not "hot spring", "a fall in prices", "the spring collection"."""
    if m.group("y"):
        return True
    if m.group("season")[0].isupper() and re.match(r"\s+[A-Z]", after):
        return False  # "the Spring Festival", "the Winter Olympics": a name
    rel = (m.group("rel") or "").lower()
    if rel in ("the", "that"):
        return not re.match(r"\s+(?:of\s|[a-z])", after)
    if rel or m.group("pmod"):
        return True
    return bool(_SEASON_CUE.search(before)) and not re.match(r"\s*-|\s+[a-z]", after)


_POD_THE_CUE = lazy(r"\b(?:in|into|during|through|throughout|since|until|till|by|all|of|on|that|early|late)\s+$", re.I, ahead=True)
_POD_A_CUE = lazy(r"\bon\s+(?:a|an|one)\s+(?:[a-z]+\s+)?$", re.I)


@guard("pod")
def _part_of_day(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"earlier in the morning", "on a drizzly morning"; not "the morning session"."""
    if m.group("det"):
        return bool(_POD_THE_CUE.search(before)) and not re.match(r"\s+(?:of|session|paper|news|show|rush|star)\b", after)
    return bool(_POD_A_CUE.search(before))


_SENTENCE_START = lazy(r"(?:^|[.!?:;\"“”'‘’(\[|—–-]|\n)\s*$")


@guard("vague")
def _vague(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """Per-phrase checks from lexicon "vague_guards"; title case ("Creating the Future Together") is a name,
    and so is a capital inside a sentence ("the streets of Future Sci-Tech City")."""
    if any(ch.isupper() for ch in m.group(0)[1:]):
        return False
    if m.group(0)[0].isupper() and not _SENTENCE_START.search(before):
        return False
    checks = lx.vague_guards.get(_words(m.group("vague")))
    if not checks:
        return True
    return all(checks[side].search(before if side == "before" else after) for side in checks)


@guard("bare_plural")
def _bare_plural(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"for weeks", "spent months in hospital", "days after the truce", "Weeks of protests";
    not "hundreds of years", "the first days after", "years old", "60 Minutes"."""
    checks = lx.bare_durations
    if after[:1] in ("-", "'", "’") or checks["not_after"].match(after):
        return False
    if m.group(0)[0].isupper():
        return bool(_SENTENCE_START.search(before)) and bool(checks["start_after"].match(after))
    if checks["cue_before"].search(before):
        return True
    return bool(checks["signal_after"].match(after)) and not checks["not_before"].search(before)


@guard("period_context")
def _period_context(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"profit rose in the first half": a half year only among words of business reporting, not a game's half."""
    s, e = m.span()
    text = m.string
    return lx.period_cues is not None and bool(lx.period_cues.search(text, max(0, s - 150), min(len(text), e + 150)))


_NAME_BEFORE = lazy(r"[A-Z][\w.&'’-]*\s+$")
_NEWSPAPER_WORDS = {"daily", "weekly", "monthly", "quarterly"}


@guard("set")
def _set(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """Not in a name ("China Daily", "People's daily"), nor before a measure ("annual rate")."""
    word = _words(m.group("setw"))
    if _NAME_BEFORE.search(before) and (word in _NEWSPAPER_WORDS or m.group(0)[0].isupper()):
        return False
    pattern = lx.set_guards.get(word)
    return not (pattern and pattern.search(after))


_PART_OF = lazy(
    r"\b(?:end|beginning|start|middle|close|rest|remainder|course|half|part|balance|months|weeks|days|quarters?)\s+of\s+$", re.I,
    ahead=True,
)
_WITHIN = lazy(r"\b(?:within|throughout|during)\s+$", re.I, ahead=True)
_REPORTED_PERIOD = lazy(r"\b(?:in|for|during|through|throughout)\s+$", re.I, ahead=True)
_NOT_THE_PERIOD = lazy(r"^(?:\s*(?:of|before|after|when|that|in\s+which|since|ahead|earlier|ago|to\s+date|prior)\b|-)", re.I)


@guard("the_unit")
def _the_unit(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"within the year", "the end of the month", "for the quarter", "that year"; not "person of the year"."""
    unit, det = m.group("unit").lower(), _words(m.group("det"))
    if _NOT_THE_PERIOD.match(after):
        return False
    if m.group("edge"):
        return True  # "earlier in the week", "later in the year": a part of the current one
    if det in ("that", "the same"):
        return unit != "day"
    if unit == "year" and det == "the":
        return not before.rstrip().lower().endswith(" of") or bool(_PART_OF.search(before))
    if unit in ("quarter", "week") and det == "the":
        # "sales for the quarter", "shares fell 3% for the week": the period being reported
        return bool(_REPORTED_PERIOD.search(before) or _PART_OF.search(before))
    return bool(_PART_OF.search(before) or _WITHIN.search(before))


@guard("holiday")
def _holiday(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"the Spring Festival" is the holiday; "a spring festival" any festival held in spring."""
    name = m.group("holiday")
    return not ("festival" in name.lower() and name[0].islower())


@guard("next_day")
def _next_day(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"May 27 and 28" is one span of two days; "May 3 and 17" are two dates, but "between March 25
    and 27" is a span again."""
    if re.search(r"\bbetween\s+$", before, re.I):
        return True
    return int(re.match(r"\d+", m.group("d2")).group()) == int(re.match(r"\d+", m.group("d")).group()) + 1  # type: ignore[union-attr]


@guard("same_period")
def _same_period(m: re.Match, before: str, after: str, lx: Lexicon) -> bool:
    """"the same period last year", "the year-ago quarter"; not "at the same time"."""
    low = m.group(0).lower()
    return bool(m.group("yrel")) or "year-" in low or "year ago" in low or "year earlier" in low
