"""Words a pattern's match must contain: a cheap test that skips windows where a rule cannot match.

The tagger runs each rule's regex in windows around its trigger words, and nine
windows in ten hold no match: "year" calls the duration rules, but "this year"
has no number before it. Python's engine pays for a failing window at every
character, and the big case-insensitive patterns cost a few microseconds per
ten characters. Most windows can be turned away by a far cheaper test:

* :func:`required_literals` reads the parsed pattern and returns *clauses*: sets
  of strings such that every match contains at least one string of every clause
  ("two years": one of the number words or a digit, and one of the unit words).
  Only what the pattern consumes counts (look-arounds and ``\\b`` are skipped), so
  a match inside ``[lo, hi)`` holds each clause's string inside ``[lo, hi)`` too.
* :class:`WindowTest` compiles each clause to one case-sensitive alternation,
  searched in the lower-cased text: a search that skips to the clause's first
  letters in C. A window where some clause finds nothing cannot hold a match,
  and the rule's regex is not run there. The matches found are the same.

Lower-casing decides a case-insensitive comparison only for ASCII letters and
only when the text holds none of the characters Python's case folding maps onto
them ("K" Kelvin sign, long "ſ", dotted and dotless "İ ı"); a digit class is read
as ``[0-9]``, true when the text holds no other decimal digits. :func:`..scan.plain_text`
says whether a text is such a one; for another text the tagger runs every window.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from .lexicon import prefix_tree

try:  # Python >= 3.11
    from re import _constants as _sc
    from re import _parser as _sre
except ImportError:  # pragma: no cover  (Python 3.10)
    import sre_constants as _sc  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

Clause = frozenset  # of strings, lower case; DIGIT stands for any decimal digit

DIGIT = "\0digit"
_CAP = 300  # most strings a clause (or a run of fixed pieces) is spelled out to
_ZERO_WIDTH = (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT)
_REPEATS = (_sc.MAX_REPEAT, _sc.MIN_REPEAT)
def required_literals(source: str, flags: int = re.IGNORECASE) -> list[Clause]:
    """Clauses every match of ``source`` (compiled with ``flags``) satisfies; [] if none is known."""
    try:
        return _clauses(list(_sre.parse(source, flags)))
    except re.error:
        return []


class WindowTest:
    """``test(low, lo, hi)``: can a match of the pattern lie in ``[lo, hi)``? ``low``: the text, lower-cased.

    ``triggers``: the words (or "#year", "#num") the windows are made around. A clause
    that each of them satisfies is dropped: every window holds its trigger, so the test
    would cost time and reject nothing.

    Only the time spent depends on what follows, never a match. The clauses are tried
    in the order of how often each turned a window away so far (re-sorted every
    ``_TRIAL`` windows): the first one tried usually decides. And a test that turns few
    windows away costs more than it saves (a window of a small pattern is scanned in
    about the time of the test): after ``_TRIAL`` windows, one that rejected fewer than a
    ``_WORTH`` share of them sets ``useful`` to False, and the caller stops asking.
    """

    def __init__(self, clauses: Iterable[Clause], triggers: Iterable[str] = ()) -> None:
        self._start(test_sources(clauses, triggers))

    @classmethod
    def from_sources(cls, sources: Iterable[str]) -> "WindowTest":
        """The test of the regexes :func:`test_sources` gave (read back from a file)."""
        test = cls.__new__(cls)
        test._start(sources)
        return test

    def _start(self, sources: Iterable[str]) -> None:
        # (a clause of one string is a literal pattern: the engine searches it as str.find does)
        self.tests = [re.compile(source).search for source in sources]
        self._rejected = dict.fromkeys(self.tests, 0)  # windows each test turned away
        self.useful = bool(self.tests)
        self._tries = self._rejects = 0
        self._sort_at = _TRIAL

    def __call__(self, low: str, lo: int, hi: int) -> bool:
        self._tries += 1
        if self._tries >= self._sort_at:
            self._reorder()
        for search in self.tests:
            if search(low, lo, hi) is None:
                self._rejects += 1
                self._rejected[search] += 1
                return False
        return True

    def _reorder(self) -> None:
        if self._sort_at == _TRIAL:
            self.useful = self._rejects >= _TRIAL * _WORTH
        self._sort_at += _TRIAL
        self.tests.sort(key=lambda search: -self._rejected[search])


_TRIAL, _WORTH = 64, 0.3


def test_sources(clauses: Iterable[Clause], triggers: Iterable[str] = ()) -> list[str]:
    """The regexes a :class:`WindowTest` searches, one per clause that not every trigger satisfies."""
    triggers = list(triggers)
    kept = [cl for cl in clauses if not (triggers and all(_holds(cl, t) for t in triggers))]
    # to begin with, longer strings first: they are rarer, so a window fails sooner
    kept.sort(key=lambda cl: -min(1 if s == DIGIT else len(s) for s in cl))
    return [_clause_regex(cl) for cl in kept]


def _holds(clause: Clause, trigger: str) -> bool:
    """Every window around ``trigger`` (a word, or "#year" / "#num" for a run of digits) holds a string of ``clause``."""
    if trigger in _DIGIT_KEYS:
        return all(_holds_in(clause, number) for number in _DIGIT_KEYS[trigger])
    return _holds_in(clause, trigger)


def _holds_in(clause: Clause, word: str) -> bool:
    return any(any(ch in "0123456789" for ch in word) if s == DIGIT else s in word for s in clause)


# What a "#year" / "#num" trigger stands for (TimexTagger._key): any of these digit runs.
_DIGIT_KEYS = {
    "#year": [str(y) for y in range(1600, 2100)],
    "#num": [str(k) for k in range(10)] + [f"{k:02d}" for k in range(100)],
}


# -- reading the parsed pattern ------------------------------------------------------------


def _char(code: int) -> Optional[str]:
    """The lower-cased character, if lower-casing the text decides a match of it (see above)."""
    ch = chr(code)
    if ch.isascii():
        return ch.lower()
    if ch.lower() == ch == ch.upper() and not ch.isalpha():
        return ch  # no case: matches itself only ("’", "½")
    return None


def _product(a: set[str], b: set[str]) -> Optional[set[str]]:
    out = {x + y for x in a for y in b}
    return out if len(out) <= _CAP else None


def _fixed_item(op, av) -> Optional[set[str]]:
    """Every string the item can match, lower-cased, if they are few and known; else None."""
    if op in _ZERO_WIDTH:
        return {""}
    if op is _sc.LITERAL:
        ch = _char(av)
        return None if ch is None else {ch}
    if op is _sc.IN:
        out: set[str] = set()
        for o, a in av:
            codes = [a] if o is _sc.LITERAL else range(a[0], a[1] + 1) if o is _sc.RANGE and a[1] - a[0] <= 20 else None
            if codes is None:
                return None  # a category, a negated set, a wide range
            for code in codes:
                ch = _char(code)
                if ch is None:
                    return None
                out.add(ch)
        return out
    if op is _sc.SUBPATTERN:
        return _fixed_seq(list(av[-1]))
    if op is _sc.BRANCH:
        out = set()
        for alt in av[1]:
            found = _fixed_seq(list(alt))
            if found is None:
                return None
            out |= found
            if len(out) > _CAP:
                return None
        return out
    if op in _REPEATS:
        lo, hi, sub = av
        found = _fixed_seq(list(sub))
        if found is None:
            return None
        if hi == 1:
            return found | {""} if lo == 0 else found
        if lo == hi and lo <= 4:
            out = {""}
            for _ in range(lo):
                out = _product(out, found)  # type: ignore[assignment]
                if out is None:
                    return None
            return out
    return None


def _fixed_seq(seq: list) -> Optional[set[str]]:
    out: Optional[set[str]] = {""}
    for op, av in seq:
        found = _fixed_item(op, av)
        if found is None:
            return None
        out = _product(out, found)  # type: ignore[arg-type]
        if out is None:
            return None
    return out


def _clauses(seq: list) -> list[Clause]:
    """Clauses of an item sequence: each run of fixed items spelled out, and what the others require."""
    out: list[Clause] = []
    run: set[str] = {""}

    def flush() -> None:
        if "" not in run:
            out.append(frozenset(run))

    for op, av in seq:
        found = _fixed_item(op, av)
        if found is not None:
            joined = _product(run, found)
            if joined is None:  # too many spellings: the run so far is one clause, a new one starts
                flush()
                joined = found if len(found) <= _CAP else {""}
            run = joined
            continue
        flush()
        run = {""}
        out.extend(_item_clauses(op, av))
    flush()
    return out


def _item_clauses(op, av) -> list[Clause]:
    if op is _sc.SUBPATTERN:
        return _clauses(list(av[-1]))
    if op is _sc.BRANCH:
        # each alternative must give one clause; a match holds a string of one of them
        union: set[str] = set()
        for alt in av[1]:
            found = _clauses(list(alt))
            if not found:
                return []
            union |= max(found, key=_strength)
        return [frozenset(union)] if len(union) <= _CAP else []
    if op in _REPEATS:
        lo, _hi, sub = av
        return _clauses(list(sub)) if lo >= 1 else []
    if op is _sc.IN and av and all(_is_digit_item(o, a) for o, a in av):
        return [frozenset({DIGIT})]
    return []


def _is_digit_item(op, av) -> bool:
    if op is _sc.CATEGORY:
        return av is _sc.CATEGORY_DIGIT or av is getattr(_sc, "CATEGORY_UNI_DIGIT", None)
    if op is _sc.LITERAL:
        return chr(av) in "0123456789"
    return op is _sc.RANGE and chr(av[0]) in "0123456789" and chr(av[1]) in "0123456789"


def _strength(clause: Clause) -> tuple[int, int]:
    """Which clause of an alternative to keep: long strings, then few of them."""
    return min(1 if s == DIGIT else len(s) for s in clause), -len(clause)


# -- the test regex of a clause ----------------------------------------------------------


def _clause_regex(clause: Clause) -> str:
    """One alternation of the clause's strings as a prefix tree (a string that holds another
    is dropped: finding the shorter one is enough). No flags: the engine then skips straight
    to the strings' first characters."""
    words = set(clause)
    if DIGIT in words:
        words.discard(DIGIT)
        words = {w for w in words if not any(ch in "0123456789" for ch in w)} | set("0123456789")
    kept: list[str] = []
    for w in sorted(words, key=len):
        if not any(w.startswith(k) for k in kept):  # a prefix is already a string of the clause
            kept.append(w)
    return prefix_tree(map(re.escape, w) for w in kept)
