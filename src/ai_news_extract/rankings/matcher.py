"""spaCy's token Matcher for the rankings patterns, run in Python over attribute arrays.

Why not ``spacy.matcher.Matcher``: every ``IN`` word list of a pattern is a
Python predicate the Matcher calls for every token it passes (the first token
of each of the ~30 patterns is tried at every position), some twenty calls per
token: the rankings stage spent more time there than in all its rules. Here a
token is first looked up once in a word -> patterns table; only the patterns
whose first token can match there start a state, so most tokens cost one
dictionary lookup.

The matches are spaCy's, in spaCy's order: the state machine below is
``find_matches`` / ``transition_states`` / ``get_action`` / ``finish_states``
of spacy/matcher/matcher.pyx (v3.8) for the operators the patterns use (none,
"1", "?"), and the token attributes are read with ``Doc.to_array``, the values
the Matcher compares. A state spaCy starts at a token where the pattern's first
token does not match is rejected at that same token without side effects, so not
starting it changes nothing. Likewise, a state that spaCy's machine would reject
at the next token without a match ('in', 'to' and numbers start patterns at many
tokens) is not started: that token is tested first (:func:`_follow`).
Patterns with anything else ("+", "*", "!", REGEX,
extension attributes, ...) are left to spaCy's Matcher (:func:`make_matcher`).
tests/test_rankings.py checks both give the same matches.
"""

from __future__ import annotations

from typing import Optional, Union

from spacy.attrs import IDS, DEP, LEMMA, MORPH, POS, TAG
from spacy.errors import Errors
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# spaCy's get_action() results (only those the "1" and "?" operators produce).
_REJECT, _MATCH, _ADVANCE, _RETRY, _RETRY_ADVANCE, _MATCH_REJECT, _MATCH_DOUBLE = range(7)
# Token attributes a pattern may test here: lexeme values and POS, all readable with Doc.to_array.
_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "POS", "TAG", "LIKE_NUM", "IS_DIGIT", "IS_PUNCT", "IS_ALPHA", "IS_SPACE",
          "IS_UPPER", "IS_LOWER", "IS_TITLE", "IS_STOP", "LENGTH", "SHAPE", "PREFIX", "SUFFIX"}
# Annotation the Matcher requires when a pattern uses the attribute (its error E155 otherwise).
_NEEDS = {TAG: "tagger", POS: "morphologizer or tagger+attribute_ruler", MORPH: "morphologizer or tagger+attribute_ruler",
          LEMMA: "lemmatizer", DEP: "parser"}

Test = tuple[int, str, Union[int, frozenset]]  # (column, "eq" | "in" | "not_in", value)
Found = list[tuple[str, int, int]]  # (label, start, end), token offsets in the Doc


class _Spec:
    """One token of a pattern: its attribute tests and whether it is optional ("?")."""

    __slots__ = ("tests", "optional")

    def __init__(self, tests: tuple[Test, ...], optional: bool) -> None:
        self.tests = tests
        self.optional = optional

    def matches(self, cols: list[list[int]], i: int) -> bool:
        for col, op, value in self.tests:
            v = cols[col][i]
            if op == "eq":
                if v != value:
                    return False
            elif op == "in":
                if v not in value:
                    return False
            elif v in value:  # not_in
                return False
        return True


class TokenMatcher:
    """Matches of token patterns over a span of a Doc: ``(label, start, end)`` with Doc token offsets.

    ``patterns``: (label, spaCy token pattern) pairs, in the order they would be
    added to a ``Matcher`` (one pattern per ``add`` call). Raises ValueError for a
    pattern it does not handle.
    """

    def __init__(self, vocab: Vocab, patterns: list[tuple[str, list[dict]]]) -> None:
        self.vocab = vocab
        columns: dict[int, int] = {}
        word_sets: dict[int, frozenset] = {}  # id(word list) -> its string ids: lists are shared by patterns
        self.labels: list[str] = []
        self.patterns: list[tuple[_Spec, ...]] = []
        for label, pattern in patterns:
            self.labels.append(label)
            self.patterns.append(tuple(_compile(spec, vocab, columns, word_sets) for spec in pattern))
        self.attrs = list(columns)  # column order of the per-Doc array
        self.needs = [a for a in _NEEDS if a in columns]
        # Which patterns can start at a token, by its value in one column: each pattern is indexed
        # by one "eq"/"in" test of its first token (a word test rather than a yes/no flag, when
        # it has one); a pattern whose first token is optional or has no such test is tried everywhere.
        # (Built with few new objects: thousands of small ones can set off a full garbage collection,
        # tens of milliseconds when the model is loaded.)
        by_value: dict[int, dict[int, tuple[int, ...]]] = {}
        joined: dict[tuple[tuple[int, ...], int], tuple[int, ...]] = {}
        anywhere = []
        for p, specs in enumerate(self.patterns):
            first = specs[0]
            keys = sorted(((col, value) for col, op, value in first.tests if op in ("eq", "in")),
                          key=lambda cv: _is_flag(self.attrs[cv[0]]))
            if first.optional or not keys:
                anywhere.append(p)
                continue
            col, value = keys[0]
            table = by_value.setdefault(col, {})
            alone = (p,)
            for v in (value if isinstance(value, frozenset) else (value,)):
                before = table.get(v)
                if before is None:
                    table[v] = alone
                else:
                    key = (before, p)
                    if key not in joined:
                        joined[key] = before + alone
                    table[v] = joined[key]
        self._by_value = list(by_value.items())
        self._anywhere = tuple(anywhere)
        self._follow = [_follow(specs) for specs in self.patterns]

    def columns(self, doc: Doc, table=None) -> list[list[int]]:
        """The tested attributes of every token of ``doc``, one list per attribute, read once per Doc
        (from ``table``, a :class:`~.table.DocTable` of ``doc`` holding them, when the caller has one)."""
        if table is not None:
            return [table.col(a) for a in self.attrs]
        return doc.to_array(self.attrs).T.tolist() if len(doc) else [[] for _ in self.attrs]

    def __call__(self, doc: Doc, start: int, end: int, cols: Optional[list[list[int]]] = None) -> Found:
        """The matches inside tokens ``start:end``; ``cols``: :meth:`columns` of ``doc``, when the caller has them."""
        self._check_annotation(doc)
        if cols is None:
            cols = self.columns(doc)
        patterns, labels, anywhere = self.patterns, self.labels, self._anywhere
        lookups = [(cols[col], table) for col, table in self._by_value]
        states: list[list[int]] = []  # [pattern, token of the pattern, start, length], in spaCy's order
        found: list[tuple[int, int, int]] = []
        for i in range(start, end):
            starts = anywhere
            for values, table in lookups:
                hit = table.get(values[i])
                if hit:
                    starts = starts + hit if starts else hit
            if starts:
                starts = self._viable(starts, cols, i, end)
            if not starts:
                if not states:
                    continue  # (most tokens)
            elif len(starts) > 1:
                starts = tuple(sorted(set(starts)))  # spaCy starts the patterns in the order they were added
            states.extend([p, 0, i, 0] for p in starts)
            states = _transition(states, found, cols, i, patterns)
        _finish(states, found, patterns)
        out: Found = []
        seen = set()
        for p, s, length in found:
            key = (labels[p], s, s + length)
            if key not in seen and length > 0:
                seen.add(key)
                out.append(key)
        return out

    def _viable(self, starts: tuple[int, ...], cols: list[list[int]], i: int, end: int) -> tuple[int, ...]:
        """The patterns of ``starts`` whose state started at token i can end in a match.

        'in', 'to' and numbers start patterns at many tokens, and spaCy's machine rejects
        nearly all of them at the next token, without a match: the token after i is tested
        here first (:func:`_follow`). Not starting a state that would be rejected changes
        nothing: it leaves no trace in the matches nor in the order of the other states.
        """
        nxt = i + 1
        out = starts
        for p in starts:
            follow = self._follow[p]
            if follow is None:
                continue
            col, allowed, must, rest_optional = follow
            if (rest_optional if nxt >= end else (not must or cols[col][nxt] in allowed)):
                continue
            out = tuple(q for q in out if q != p)
        return out

    def _check_annotation(self, doc: Doc) -> None:
        for attr in self.needs:  # as Matcher.__call__ does, for the same error
            if not doc.has_annotation(attr):
                raise ValueError(Errors.E155.format(pipe=_NEEDS[attr], attr=self.vocab.strings.as_string(attr)))


def _follow(specs: tuple[_Spec, ...]) -> Optional[tuple[int, frozenset, bool, bool]]:
    """What the token after the first must be for a state of the pattern to end in a match:
    ``(column, values, must, rest_optional)``, or None when that is not one set of values.

    After the first token, spaCy's machine tries the pattern tokens in order up to the first
    one that is not optional (``must``: there is one): the next token must match one of them,
    else the state is rejected; when the span ends after the first token, the state yields a
    match only if the rest is optional (``rest_optional``). Only for patterns whose first token
    is not optional and whose tokens up to that one each test one column for a value or a set.
    """
    if specs[0].optional or len(specs) == 1:
        return None
    column: Optional[int] = None
    values: set = set()
    must = False
    for spec in specs[1:]:
        if len(spec.tests) != 1:
            return None
        col, op, value = spec.tests[0]
        if op not in ("eq", "in") or column not in (None, col):
            return None
        column = col
        values.update(value if op == "in" else (value,))
        if not spec.optional:
            must = True
            break
    return column, frozenset(values), must, all(spec.optional for spec in specs[1:])  # type: ignore[return-value]


def _transition(states: list[list[int]], found: list, cols: list[list[int]], i: int, patterns) -> list[list[int]]:
    """transition_states() of matcher.pyx: one token for every live state."""
    q = 0
    new_states: list[list[int]] = []
    for n in range(len(states)):
        state = states[n]
        p, k, start, length = state
        action = _action(patterns[p], k, cols, i)
        if action == _REJECT:
            continue
        states[q] = state
        while action in (_RETRY, _RETRY_ADVANCE):
            if action == _RETRY_ADVANCE:
                new_states.append([p, state[1] + 1, start, length + 1])
            state[1] += 1
            action = _action(patterns[p], state[1], cols, i)
        if action == _REJECT:
            pass
        elif action == _ADVANCE:
            state[1] += 1
            state[3] += 1
            q += 1
        elif action == _MATCH:
            found.append((p, start, length + 1))
        elif action == _MATCH_DOUBLE:
            if length > 0:
                found.append((p, start, length))
            found.append((p, start, length + 1))
        elif action == _MATCH_REJECT:
            found.append((p, start, length))
    del states[q:]
    states.extend(new_states)
    return states


def _action(specs: tuple[_Spec, ...], k: int, cols: list[list[int]], i: int) -> int:
    """get_action() of matcher.pyx for the ONE and ZERO_ONE quantifiers, at token ``i``."""
    spec = specs[k]
    is_match = spec.matches(cols, i)
    is_final = k + 1 == len(specs)
    if not spec.optional:
        if is_match:
            return _MATCH if is_final else _ADVANCE
        return _REJECT
    if is_match:
        return _MATCH_DOUBLE if is_final else _RETRY_ADVANCE
    return _MATCH_REJECT if is_final else _RETRY


def _finish(states: list[list[int]], found: list, patterns) -> None:
    """finish_states() of matcher.pyx: states at the end whose rest is optional."""
    for p, k, start, length in states:
        specs = patterns[p]
        while specs[k].optional:
            if k + 1 == len(specs):
                found.append((p, start, length))
                break
            k += 1


def _compile(spec: dict, vocab: Vocab, columns: dict[int, int], word_sets: dict[int, frozenset]) -> _Spec:
    tests: list[Test] = []
    optional = False
    for key, value in spec.items():
        if not isinstance(key, str):
            raise ValueError(f"unsupported pattern key {key!r}")
        name = key.upper()
        if name == "OP":
            if value not in ("1", "?"):
                raise ValueError(f"unsupported operator {value!r}")
            optional = value == "?"
            continue
        if name not in _ATTRS:
            raise ValueError(f"unsupported pattern attribute {key!r}")
        attr = IDS["ORTH" if name == "TEXT" else name]
        col = columns.setdefault(attr, len(columns))
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
                raise ValueError(f"unsupported predicate {value!r}")
            (op, words), = value.items()
            if id(words) not in word_sets:  # _SetPredicate: string ids of the values (a POS name is its symbol id)
                word_sets[id(words)] = frozenset(get_string_id(w) for w in words)
            tests.append((col, op.lower(), word_sets[id(words)]))
        elif isinstance(value, bool):
            tests.append((col, "eq", int(value)))
        elif isinstance(value, str):
            tests.append((col, "eq", vocab.strings.add(value)))  # as _get_attr_values() does
        elif isinstance(value, int):
            tests.append((col, "eq", value))
        else:
            raise ValueError(f"unsupported pattern value {value!r}")
    return _Spec(tuple(tests), optional)


def _is_flag(attr: int) -> bool:
    return attr < 64  # IS_* / LIKE_* flags: a yes/no value, no use as an index


def make_matcher(vocab: Vocab, patterns: list[tuple[str, list[dict]]]) -> "Union[TokenMatcher, SpacyMatcher]":
    """A :class:`TokenMatcher` for ``patterns``, or spaCy's Matcher wrapped alike when one is beyond it."""
    try:
        return TokenMatcher(vocab, patterns)
    except ValueError:
        return SpacyMatcher(vocab, patterns)


class SpacyMatcher:
    """spaCy's Matcher, with the TokenMatcher's call and result form."""

    def __init__(self, vocab: Vocab, patterns: list[tuple[str, list[dict]]]) -> None:
        self.matcher = Matcher(vocab)
        for label, pattern in patterns:
            self.matcher.add(label, [pattern])
        self.labels = {vocab.strings[label]: label for label, _ in patterns}

    def columns(self, doc: Doc, table=None) -> None:
        return None

    def __call__(self, doc: Doc, start: int, end: int, cols: object = None) -> Found:
        span: Span = doc[start:end]
        return [(self.labels[key], start + s, start + e) for key, s, e in self.matcher(span)]
