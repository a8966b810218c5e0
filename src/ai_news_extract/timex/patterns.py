"""Candidate patterns: ``models/timex/patterns.json`` with the lexicon pieces filled in.

Each rule's regex is compiled on first use (:attr:`Rule.scan_regex`): loading the rules
compiles nothing, and a text only pays for the rules its trigger words call for.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Optional

from ..paths import model_file
from ..scan import first_char_lookahead
from .lexicon import Lexicon
from .required import WindowTest, required_literals

_PIECE = re.compile(r"\{([A-Z_]+)\}")


def _compile(name: str, source: str) -> re.Pattern[str]:
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as err:
        raise ValueError(f"timex pattern {name!r} does not compile: {err}") from None


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # the normalizer that turns a match into a TIMEX3 value
    source: str  # the regex, pieces expanded; compiled (case-insensitive) on first use, see ``regex``
    priority: int  # on equal extent, the lower wins
    type: Optional[str] = None
    guard: Optional[str] = None  # a context check in tagger._guard_ok
    triggers: frozenset[str] = frozenset()  # lower-cased words (or "#digit") the rule runs near
    reach: tuple[int, int] = (60, 60)  # characters before / after a trigger that a match may cover

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern as written (the tagger scans with :attr:`scan_regex`)."""
        return _compile(self.name, self.source)

    @cached_property
    def scan_regex(self) -> re.Pattern[str]:
        """The pattern with a look-ahead for the characters a match can start with in front
        (see :func:`first_char_lookahead`), for the candidate scan: the rule runs in windows
        of a few hundred characters, and most positions there are then turned away in one
        test instead of a walk through the pattern. The matches and groups are the same.
        Compiled when the tagger first meets one of the rule's triggers: a text without
        "quarter" never pays for the quarter rules."""
        try:
            ahead = first_char_lookahead([self.source], re.IGNORECASE)
        except re.error:
            ahead = ""  # _compile reports the pattern's error with the rule's name
        return _compile(self.name, f"{ahead}(?:{self.source})" if ahead else self.source)

    @cached_property
    def window_test(self) -> Optional[WindowTest]:
        """Whether a window of the lower-cased text holds the words every match needs
        (:mod:`.required`); false for a window where :attr:`scan_regex` would find nothing.
        Built with :attr:`scan_regex`, on first use."""
        test = WindowTest(required_literals(self.source, re.IGNORECASE), self.triggers)
        return test if test.useful else None


_STOP = {"the", "a", "an", "of", "in", "to", "and", "or", "on", "s", "this", "that", "by", "for", "at"}


def _words(phrases) -> set[str]:
    out: set[str] = set()
    for p in phrases:
        out.update(w for w in re.split(r"[\s'’-]+", p.lower()) if w and w not in _STOP)
    return out


def trigger_words(spec: str, lexicon: Lexicon) -> set[str]:
    """Words a trigger spec stands for: "@months" (a lexicon list), "#digit", or a word."""
    if not spec.startswith("@"):
        return {spec.lower()}
    name = spec[1:]
    lx = lexicon
    lists = {
        "months": lx.months,
        "weekdays": list(lx.weekdays) + [w + "s" for w in lx.weekdays],
        "units": list(lx.units) + [u + "s" for u in lx.units] + list(lx.unit_plurals),
        "parts_of_day": lx.parts_of_day,
        "seasons": lx.seasons,
        "decade_words": lx.decade_words,
        "holidays": lx.holidays,
        "vague": lx.vague,
        "vague_durations": lx.vague_durations,
        "sets": lx.sets,
        "anaphoric_days": lx.anaphoric_days,
    }
    if name not in lists:
        raise KeyError(f"timex trigger names unknown list {spec!r}")
    return _words(lists[name])


def expand(pattern: str, pieces: dict[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        try:
            return pieces[m.group(1)]
        except KeyError:
            raise KeyError(f"timex pattern uses unknown piece {{{m.group(1)}}}") from None

    return _PIECE.sub(sub, pattern)


def load_rules(lexicon: Lexicon, path: Optional[Path] = None) -> list[Rule]:
    data = json.loads((path or model_file("timex", "patterns.json")).read_text(encoding="utf-8"))
    rules = []
    for r in data["rules"]:
        source = expand(r["pattern"], lexicon.pieces)  # compiled on first use (Rule.scan_regex)
        triggers: set[str] = set()
        for spec in r.get("triggers", []):
            triggers |= trigger_words(spec, lexicon)
        rules.append(
            Rule(r["name"], r["kind"], source, int(r.get("priority", 50)), r.get("type"), r.get("guard"),
                 frozenset(triggers), tuple(r.get("reach", (60, 60))))  # type: ignore[arg-type]
        )
    return rules
