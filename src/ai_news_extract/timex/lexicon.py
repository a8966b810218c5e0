"""The word lists of ``models/timex/lexicon.json`` and the regex pieces made from them.

Patterns (``models/timex/patterns.json``) name these pieces as ``{MONTH}``,
``{WEEKDAY}``, ``{NUM}`` ... so a new month spelling or duration unit is a data
change, not a code change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..paths import model_file
from .lazyre import LazyPattern, lazy


def _atoms(word: str) -> list[str]:
    """Regex pieces of one word: a space matches any run of spaces, a hyphen a hyphen or space,
    an apostrophe a straight or curly one ("Valentine’s Day")."""
    return [r"\s+" if ch == " " else r"[-\s]?" if ch == "-" else "['’]" if ch == "'" else re.escape(ch) for ch in word]


def prefix_tree(words: Iterable[Sequence[str]]) -> str:
    """One alternation of ``words``, each given as its regex pieces, as a prefix tree: a failing
    position costs one branch per first piece instead of one per word, and a longer word is
    tried before a word it extends (as in a plain alternation sorted longest first)."""
    root: dict = {}
    for pieces in words:
        node = root
        for a in pieces:
            node = node.setdefault(a, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [a + build(child) for a, child in sorted(node.items()) if a]
        if not branches:
            return ""
        if "" in node:  # a word may end here: try the longer ones first, then stop
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(root)


def _trie(words) -> str:
    return prefix_tree(map(_atoms, words))


def alternation(words, *, case_sensitive: bool = False, boundary: bool = False) -> str:
    """One regex alternation of ``words`` (lower-case), each starting a word."""
    words = {w.lower() for w in words}
    if case_sensitive:
        # Title case and upper case only: "May" and "MAY" name a month, "may" does not.
        variants = {v for w in words for v in (w[:1].upper() + w[1:], w.upper())}
        body = f"(?-i:{_trie(variants)})"
    else:
        body = f"(?:{_trie(words)})"
    # Every piece starts a word: "wed" must not match inside "provided".
    return rf"\b{body}\b" if boundary else rf"\b{body}"


@dataclass
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: list[str]
    ordinals: dict[str, int]
    units: dict[str, dict]
    unit_plurals: dict[str, str]
    parts_of_day: dict[str, str]
    seasons: dict[str, str]
    decade_words: dict[str, int]
    holidays: dict[str, str]
    holiday_tables: dict[str, dict[str, str]]
    position_mods: dict[str, str]
    quantity_mods: dict[str, str]
    vague: dict[str, str]
    vague_durations: dict[str, str]
    vague_guards: dict[str, dict[str, LazyPattern]]
    present_generic_nouns: frozenset[str]
    sets: dict[str, str]
    set_guards: dict[str, LazyPattern]
    anaphoric_days: dict[str, int]
    event_days: frozenset[str]
    opening_cues: LazyPattern
    held_cues: LazyPattern
    telling_before: LazyPattern  # a telling cue ending just before a date ("said", "said on")
    year_blockers: frozenset[str]
    year_blockers_before: frozenset[str]
    future_cues: list[str]
    past_cues: list[str]
    timezones: list[str]
    ambiguous_months: frozenset[str]
    bare_durations: dict[str, LazyPattern] = field(default_factory=dict)
    period_cues: Optional[LazyPattern] = None
    pieces: dict[str, str] = field(default_factory=dict)

    # -- lookups used by the normalizer -------------------------------------------------
    def month(self, word: str) -> Optional[int]:
        return self.months.get(word.lower().rstrip("."))

    def weekday(self, word: str) -> Optional[int]:
        return self.weekdays.get(word.lower().rstrip("."))

    def number(self, phrase: str) -> Optional[float]:
        """12 for "12" or "twelve", 21 for "twenty-one", 2.5 for "two and a half"; None if vague."""
        s = re.sub(r"\s+", " ", phrase.lower().strip())
        half = 0.0
        if "half" in s:
            s = s.replace("-", " ")  # "two-and-a-half"
        for tail in (" and a half", " and one half", " 1/2", "½"):
            if s.endswith(tail):
                s, half = s[: -len(tail)].strip(), 0.5
        if s in ("half a", "half an", "a half", "half"):
            return 0.5
        try:
            return float(s.replace(",", "")) + half
        except ValueError:
            pass
        if s in self.numbers:
            return self.numbers[s] + half
        parts = re.split(r"[-\s]+", s)
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            a, b = self.numbers[parts[0]], self.numbers[parts[1]]
            if b == 100:
                return a * 100 + half
            if a >= 20 and b < 10:
                return a + b + half
        return None

    def unit(self, word: str) -> Optional[tuple[str, dict]]:
        """("year", {...}) for "years", "year", "year's"."""
        w = re.sub(r"\s+", " ", word.lower()).replace("’", "'")
        w = re.sub(r"'s$|s'$", "", w)
        w = self.unit_plurals.get(w, w)
        if w not in self.units and w.endswith("s"):
            w = w[:-1]
        if w in self.units:
            return w, self.units[w]
        return None


def _pieces(lx: Lexicon, raw: dict) -> dict[str, str]:
    months_full = list(raw["months"])
    months_abbr = list(raw["month_abbreviations"])
    month_abbr_alt = alternation(months_abbr, case_sensitive=True)
    unit_words = list(lx.units)
    unit_plural = [w + "s" for w in unit_words if w not in ("century", "millennium")] + list(lx.unit_plurals)
    number_words = [w for w in lx.numbers if w not in ("a", "an")]
    num_word_alt = alternation(number_words)
    tens = [w for w, v in lx.numbers.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)]
    ones = [w for w, v in lx.numbers.items() if 1 <= v <= 9 and w not in ("a", "an")]
    compound = rf"(?:{alternation(tens)}[-\s]{alternation(ones)})"
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+1/2|½)?"
    half = r"(?:[-\s]+and[-\s]+a[-\s]+half)?"
    num = rf"(?:{digits}|(?:{compound}|{num_word_alt}){half})"
    return {
        "MONTH_FULL": alternation(months_full, case_sensitive=True),
        "MONTH_ABBR": rf"{month_abbr_alt}\.?",
        "MONTH": rf"(?:{alternation(months_full, case_sensitive=True)}|{month_abbr_alt}\.?)",
        "WEEKDAY": alternation(list(raw["weekdays"])),
        "WEEKDAY_ABBR": rf"{alternation(list(raw['weekday_abbreviations']), case_sensitive=True)}\.?",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "DD": r"(?:[12]\d|3[01]|0?[1-9])",
        "MM": r"(?:1[0-2]|0?[1-9])",
        "YEAR": r"(?:1[6-9]\d\d|20\d\d)",
        "NUM": num,
        "NUMWORD": rf"(?:{compound}|{num_word_alt})",
        "VAGUENUM": alternation(lx.vague_numbers),
        "ORD": rf"(?:{alternation(list(lx.ordinals))}|\d{{1,2}}(?:st|nd|rd|th))",
        "UNIT": alternation(unit_words),
        "UNITS": alternation(unit_plural),
        "UNIT_ANY": alternation(unit_words + unit_plural),
        "POD": alternation(list(lx.parts_of_day)),
        "SEASON": alternation(list(lx.seasons)),
        "DECADE_WORD": alternation(list(lx.decade_words)),
        "HOLIDAY": alternation(list(lx.holidays)),
        "TZ": alternation(lx.timezones, case_sensitive=False),
        "AMPM": r"(?:[ap]\.\s?m\.?|[ap]m\b)",
        "QMOD": alternation(list(lx.quantity_mods)),
        "PMOD": alternation(list(lx.position_mods)),
        "VAGUE": alternation(list(lx.vague)),
        "VAGUE_DURATION": alternation(list(lx.vague_durations)),
        "SETWORD": alternation(list(lx.sets)),
        "ANADAY": alternation(list(lx.anaphoric_days)),
        "BARE_UNITS": alternation(raw["bare_durations"]["units"]),
    }


def _phrase_alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _bare_duration_checks(raw: dict[str, list[str]]) -> dict[str, LazyPattern]:
    """The context checks of a bare plural unit ("for weeks"): word lists become anchored regexes."""
    before = {"cue_before", "not_before"}
    return {
        k: lazy(rf"\b(?:{_phrase_alt(v)})\s+$" if k in before else rf"^\s+(?:{_phrase_alt(v)})\b", re.I)
        for k, v in raw.items()
        if k != "units"
    }


def _cue_words(words: list[str]) -> LazyPattern:
    """Any of ``words`` as a whole word; a symbol ("%") anywhere."""
    plain = [w for w in words if re.fullmatch(r"[\w ]+", w)]
    symbols = [w for w in words if w not in plain]
    alt = rf"(?<!\w)(?:{_phrase_alt(plain)})(?!\w)"
    return lazy(alt + (f"|{_phrase_alt(symbols)}" if symbols else ""), re.I)


def _compile_guards(raw: dict[str, dict[str, str]]) -> dict[str, dict[str, LazyPattern]]:
    return {k: {side: lazy(p) for side, p in v.items()} for k, v in raw.items()}


def load_lexicon(path: Optional[Path] = None) -> Lexicon:
    raw = json.loads((path or model_file("timex", "lexicon.json")).read_text(encoding="utf-8"))
    months = dict(raw["months"])
    months.update(raw["month_abbreviations"])
    weekdays = dict(raw["weekdays"])
    weekdays.update(raw["weekday_abbreviations"])
    lx = Lexicon(
        months=months,
        weekdays=weekdays,
        numbers=raw["numbers"],
        vague_numbers=raw["vague_numbers"],
        ordinals=raw["ordinals"],
        units=raw["units"],
        unit_plurals=raw["unit_plurals"],
        parts_of_day=raw["parts_of_day"],
        seasons=raw["seasons"],
        decade_words=raw["decade_words"],
        holidays=raw["holidays"],
        holiday_tables=raw["holiday_tables"],
        position_mods=raw["position_mods"],
        quantity_mods=raw["quantity_mods"],
        vague=raw["vague"],
        vague_durations=raw["vague_durations"],
        vague_guards=_compile_guards(raw["vague_guards"]),
        present_generic_nouns=frozenset(raw["present_generic_nouns"]),
        sets=raw["sets"],
        set_guards={k: lazy(v) for k, v in raw["set_guards"].items()},
        anaphoric_days=raw["anaphoric_days"],
        event_days=frozenset(raw["event_days"]),
        opening_cues=lazy(alternation(raw["opening_cues"], boundary=True), re.I, ahead=True),
        held_cues=lazy(alternation(raw["held_cues"], boundary=True), re.I, ahead=True),
        telling_before=lazy(rf"{alternation(raw['telling_cues'], boundary=True)}\s+(?:on\s+)?$", re.I, ahead=True),
        year_blockers=frozenset(raw["year_blockers"]),
        year_blockers_before=frozenset(raw["year_blockers_before"]),
        future_cues=raw["future_cues"],
        past_cues=raw["past_cues"],
        timezones=raw["timezones"],
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        bare_durations=_bare_duration_checks(raw["bare_durations"]),
        period_cues=_cue_words(raw["period_cues"]),
    )
    lx.pieces = _pieces(lx, raw)
    return lx


@lru_cache(maxsize=None)
def default_lexicon() -> Lexicon:
    return load_lexicon()
