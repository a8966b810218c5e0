"""The base model's attribute ruler, matched from an index: spaCy's matches, in a tenth of the time.

The English pipelines map tags to parts of speech and fix known words with an
``attribute_ruler`` of some 180 token patterns. spaCy's ``Matcher`` tries each of
them at every token and runs the ``IN`` / ``REGEX`` tests in Python: about 11 ms
of a 90 ms document, more than any of our stages (docs/performance.md). Nearly all
of these patterns name a word or a tag, so an index from that value to the patterns
finds the few worth testing at a token. :class:`IndexedMatcher` wraps the ruler's
``Matcher`` and gives the same ``(match_id, start, end)`` matches (tested against
spaCy's over the corpora); a pattern it can't read (operators, extensions, other
predicates, greedy filters, callbacks) leaves the whole matcher to spaCy.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from spacy import attrs
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

# Token attributes whose value ``Doc.to_array`` gives exactly as the Matcher compares it:
# string-valued ones (a hash, or a symbol ID for tags and parts of speech) ...
_STRING_ATTRS = {name: getattr(attrs, name) for name in (
    "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LEMMA", "TAG", "POS", "DEP", "ENT_TYPE")}
# ... and flags or numbers; ENT_IOB, SENT_START and MORPH are compared otherwise and left to spaCy.
_NUMBER_ATTRS = {name: getattr(attrs, name) for name in (
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
    "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
    "IS_RIGHT_PUNCT", "IS_CURRENCY", "LENGTH")}
# Which test a pattern is filed under: the most selective attribute first.
_ANCHOR_ORDER = ("ORTH", "LOWER", "NORM", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "DEP", "ENT_TYPE", "TAG", "POS")


class Unsupported(ValueError):
    """A pattern the index does not read."""


def _value_id(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (str, int)):
        return get_string_id(value)
    raise Unsupported(f"value {value!r}")


def _token_tests(spec: dict) -> list[tuple[str, str, Any]]:
    """(attribute name, test, operand) for one token pattern, as the Matcher reads it."""
    tests = []
    for key, value in spec.items():
        if not isinstance(key, str):
            raise Unsupported(f"attribute {key!r}")
        name = key.upper()
        name = "ORTH" if name == "TEXT" else name
        if name not in _STRING_ATTRS and name not in _NUMBER_ATTRS:
            raise Unsupported(f"attribute {key!r}")  # also "OP" and "_"
        if not isinstance(value, dict):
            tests.append((name, "eq", _value_id(value)))
            continue
        for predicate, operand in value.items():
            if predicate in ("IN", "NOT_IN") and isinstance(operand, (list, tuple, set)):
                tests.append((name, predicate, frozenset(_value_id(v) for v in operand)))
            elif predicate == "REGEX" and isinstance(operand, str) and name in _STRING_ATTRS:
                tests.append((name, "REGEX", _Regex(operand)))
            else:
                raise Unsupported(f"predicate {predicate!r} on {name}")
    return tests


class _Pattern:
    """A pattern's tests by token, less the first token's test its index entry makes."""

    __slots__ = ("key", "length", "tests", "trivial")

    def __init__(self, key: int, tests: list[list[tuple[int, str, Any]]]) -> None:
        self.key, self.length, self.tests = key, len(tests), tests
        self.trivial = self.length == 1 and not tests[0]

    def fits(self, rows: list[list[int]], start: int, strings: Any) -> bool:
        if start + self.length > len(rows):
            return False
        for offset, tests in enumerate(self.tests):
            row = rows[start + offset]
            for col, test, operand in tests:
                value = row[col]
                if test == "eq":
                    ok = value == operand
                elif test == "IN":
                    ok = value in operand
                elif test == "NOT_IN":
                    ok = value not in operand
                else:
                    ok = operand.test(value, strings)
                if not ok:
                    return False
        return True


class _Index:
    """The patterns of one Matcher, filed by a value their first token must have."""

    def __init__(self, matcher: Matcher) -> None:
        if any(matcher._callbacks.get(key) is not None for key in matcher._patterns):
            raise Unsupported("on_match callbacks")
        if any(matcher._filter.get(key) is not None for key in matcher._patterns):
            raise Unsupported("greedy filters")
        named: list[tuple[int, list[list[tuple[str, str, Any]]]]] = [
            (key, [_token_tests(spec) for spec in pattern])
            for key, patterns in matcher._patterns.items() for pattern in patterns]
        if any(not tests for _, tests in named):
            raise Unsupported("an empty pattern")
        # (ORTH at least: a row per token even when every test is a wildcard)
        columns = sorted({name for _, tests in named for token in tests for name, _, _ in token} or {"ORTH"})
        self.attr_ids = [_STRING_ATTRS.get(name) or _NUMBER_ATTRS[name] for name in columns]
        col = {name: k for k, name in enumerate(columns)}
        tables: dict[int, dict[int, list[_Pattern]]] = {}
        self.unfiled: list[_Pattern] = []
        self.by_regex: list[tuple[int, _Regex, _Pattern]] = []
        for key, tests in named:
            first = tests[0]
            anchor = _anchor(first) or next((t for t in first if t[1] == "REGEX"), None)
            if anchor is not None:
                first = [t for t in first if t is not anchor]  # the index makes that test
            pattern = _Pattern(key, [[(col[n], t, o) for n, t, o in token] for token in [first, *tests[1:]]])
            if anchor is None:
                self.unfiled.append(pattern)
            elif anchor[1] == "REGEX":
                # Not filed under a value but tested by its regex, once per word (see _Regex).
                self.by_regex.append((col[anchor[0]], anchor[2], pattern))
            else:
                table = tables.setdefault(col[anchor[0]], {})
                for value in ([anchor[2]] if anchor[1] == "eq" else anchor[2]):
                    table.setdefault(value, []).append(pattern)
        self.tables = sorted(tables.items())

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        array = doc.to_array(self.attr_ids).reshape(len(doc), len(self.attr_ids))  # (1-D for one attribute)
        rows = array.tolist()
        strings = _Strings(doc.vocab.strings)
        found: dict[tuple[int, int, int], None] = {}
        # Column by column: most tokens meet a table entry only on their tag.
        for col, table in self.tables:
            get = table.get
            for start, value in enumerate(array[:, col].tolist()):
                patterns = get(value)
                if patterns is None:
                    continue
                for pattern in patterns:
                    if pattern.trivial or pattern.fits(rows, start, strings):
                        found[(pattern.key, start, start + pattern.length)] = None
        for col, regex, pattern in self.by_regex:
            for start, value in enumerate(array[:, col].tolist()):
                if regex.test(value, strings) and pattern.fits(rows, start, strings):
                    found[(pattern.key, start, start + pattern.length)] = None
        for pattern in self.unfiled:
            for start in range(len(rows)):
                if pattern.fits(rows, start, strings):
                    found[(pattern.key, start, start + pattern.length)] = None
        return list(found)


class _Regex:
    """A REGEX test, its answer for each value remembered (a bounded memo: words recur)."""

    __slots__ = ("regex", "memo")
    MEMO_SIZE = 50_000

    def __init__(self, pattern: str) -> None:
        self.regex, self.memo = re.compile(pattern), {}

    def test(self, value: int, strings: Any) -> bool:
        ok = self.memo.get(value)
        if ok is None:
            if len(self.memo) >= self.MEMO_SIZE:
                self.memo.clear()
            ok = self.memo[value] = self.regex.search(strings[value]) is not None
        return ok


class _Strings:
    """The strings of a Doc's values, each looked up once per Doc (for REGEX tests)."""

    __slots__ = ("store", "seen")

    def __init__(self, store: Any) -> None:
        self.store, self.seen = store, {}

    def __getitem__(self, value: int) -> str:
        text = self.seen.get(value)
        if text is None:
            text = self.seen[value] = self.store[value]
        return text


def _anchor(tests: list[tuple[str, str, Any]]) -> Optional[tuple[str, str, Any]]:
    """The first token's test to file a pattern under: an equality or IN test on the most selective attribute."""
    usable = [t for t in tests if t[1] in ("eq", "IN")]
    if not usable:
        return None
    order = {name: k for k, name in enumerate(_ANCHOR_ORDER)}  # then flags and numbers
    return min(usable, key=lambda t: (order.get(t[0], len(order)), t[1] != "eq"))


class IndexedMatcher:
    """A spaCy ``Matcher`` that finds its matches in a Doc from an index.

    Everything but matching a whole Doc (as the attribute ruler does) goes to the
    wrapped Matcher, as does matching when any pattern is one the index does not
    read. Adding or removing patterns rebuilds the index on the next call.
    """

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._index: Optional[_Index] = None
        self._supported = True

    def _get_index(self) -> Optional[_Index]:
        if self._index is None and self._supported and len(self.matcher):
            try:
                self._index = _Index(self.matcher)
            except Unsupported:
                self._supported = False
        return self._index

    def __call__(self, doclike: Any, *, as_spans: bool = False, allow_missing: bool = False,
                 with_alignments: bool = False) -> Any:
        index = self._get_index() if isinstance(doclike, Doc) and allow_missing else None
        if index is None or as_spans or with_alignments:
            return self.matcher(doclike, as_spans=as_spans, allow_missing=allow_missing,
                                with_alignments=with_alignments)
        return index(doclike)

    def add(self, key: Any, patterns: Any, **kwargs: Any) -> None:
        self.matcher.add(key, patterns, **kwargs)
        self._index, self._supported = None, True

    def remove(self, key: Any) -> None:
        self.matcher.remove(key)
        self._index, self._supported = None, True

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key: Any) -> bool:
        return key in self.matcher

    def __getattr__(self, name: str) -> Any:
        if name == "matcher":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.matcher, name)

    def __reduce__(self) -> tuple:
        return (type(self), (self.matcher,))


def index_attribute_rulers(nlp: Language) -> list[str]:
    """Give each attribute ruler of ``nlp`` an :class:`IndexedMatcher`; the names of the pipes changed.

    A ruler whose patterns are later reloaded (``from_disk``, ``clear``) gets a plain
    Matcher back from spaCy: slower, never wrong.
    """
    changed = []
    for name, pipe in nlp.pipeline:
        if isinstance(pipe, AttributeRuler) and type(pipe.matcher) is Matcher:
            pipe.matcher = IndexedMatcher(pipe.matcher)
            changed.append(name)
    return changed
