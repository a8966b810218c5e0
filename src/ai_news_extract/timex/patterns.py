"""Candidate patterns: ``models/timex/patterns.json`` with the lexicon pieces filled in.

Each rule's regex is compiled on first use (:attr:`Rule.scan_regex`): loading the rules
compiles nothing, and a text only pays for the rules its trigger words call for.

What a rule's scan needs besides its regex (the look-ahead of its first characters and
the words every match holds) is read from the pattern's parse, which costs more than
compiling it. ``models/timex/derived.json`` ships these, keyed by a digest of each rule's
expanded pattern, so a fresh process does not parse every pattern again before its
first record; a rule whose pattern changed (an edited lexicon or patterns file) is
derived on first use as before. ``python scripts/build_timex_derived.py`` rewrites the
file, and a test fails while it is out of date.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Optional

from ..paths import model_file
from ..scan import first_char_lookahead
from .lexicon import Lexicon
from .required import WindowTest, required_literals, test_sources

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
    # Read from models/timex/derived.json when its digest (of ``source`` and ``triggers``) matches,
    # see the module doc; None: derived from the pattern on first use.
    lookahead: Optional[str] = None
    window_tests: Optional[tuple[str, ...]] = None  # WindowTest.from_sources

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
        ahead = self.lookahead if self.lookahead is not None else derive_lookahead(self.source)
        return _compile(self.name, f"{ahead}(?:{self.source})" if ahead else self.source)

    @cached_property
    def window_test(self) -> Optional[WindowTest]:
        """Whether a window of the lower-cased text holds the words every match needs
        (:mod:`.required`); false for a window where :attr:`scan_regex` would find nothing.
        Built with :attr:`scan_regex`, on first use."""
        sources = self.window_tests if self.window_tests is not None else derive_tests(self)
        test = WindowTest.from_sources(sources)
        return test if test.useful else None


def derive_lookahead(source: str) -> str:
    try:
        return first_char_lookahead([source], re.IGNORECASE)
    except re.error:
        return ""  # _compile reports the pattern's error with the rule's name


def derive_tests(rule: Rule) -> list[str]:
    return test_sources(required_literals(rule.source, re.IGNORECASE), rule.triggers)


def digest(rule: Rule) -> str:
    """What the derived entry depends on: the expanded pattern and the trigger words."""
    key = json.dumps([rule.source, sorted(rule.triggers)], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def derive(rule: Rule) -> dict:
    """The derived.json entry of ``rule``: what its scan reads from the pattern's parse."""
    return {"digest": digest(rule), "lookahead": derive_lookahead(rule.source), "window_tests": derive_tests(rule)}


def with_derived(rules: list[Rule], path: Optional[Path] = None) -> list[Rule]:
    """``rules`` with the look-ahead and window tests of ``derived.json`` where the digest matches."""
    path = path or model_file("timex", "derived.json")
    try:
        table = json.loads(path.read_text(encoding="utf-8"))["rules"]
    except FileNotFoundError:
        return rules
    out = []
    for rule in rules:
        entry = table.get(rule.name)
        if entry is not None and entry["digest"] == digest(rule):
            rule = replace(rule, lookahead=entry["lookahead"], window_tests=tuple(entry["window_tests"]))
        out.append(rule)
    return out


def write_derived(rules: list[Rule], path: Optional[Path] = None) -> Path:
    path = path or model_file("timex", "derived.json")
    table = {"about": "Derived from patterns.json and lexicon.json by scripts/build_timex_derived.py; do not edit.",
             "rules": {rule.name: derive(rule) for rule in rules}}
    path.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


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
    return with_derived(rules)
