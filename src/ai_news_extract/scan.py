"""Faster regular-expression scans of an article's text, with the same matches.

Two things make Python's regex engine slow on a whole article: it tries every
alternative of a big alternation at every position, and a pattern anchored
with ``^`` (``re.M``) is still tried at every position, not only at line starts.

* :func:`first_char_lookahead`: a look-ahead for the characters a match can
  start with (``(?=[fst\\d])`` before ``first|second|...|\\d+th``) turns most
  positions away in one test, and changes no match: each alternative must begin
  with one of those characters anyway. The class is read from the parsed
  pattern; for anything this module does not follow (a negated class, ``.``, a
  flag change inside), it gives up and returns "", and the pattern stays as it is.
  One flag change is followed: ``(?-i:...)`` inside a pattern compiled with
  ``re.I``; the class, folded with ``re.I``, then holds more characters than
  needed (a superset), which is still safe for a look-ahead.
* :func:`line_matches`: ``finditer`` for a pattern that starts with ``^``,
  trying only the line starts.
* :func:`lower_text`: the text lower-cased, when a case-sensitive scan of it
  finds what a case-insensitive scan of the text finds (:func:`plain_text`):
  comparing every letter case-insensitively costs a third of such a scan.

:func:`doc_text` (from :mod:`ai_news_extract.doc_attrs`) is ``doc.text`` read once per Doc.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from .doc_attrs import doc_text  # noqa: F401  (re-exported for the rankings modules)

try:  # Python >= 3.11
    from re import _parser as _sre
except ImportError:  # pragma: no cover  (Python 3.10)
    import sre_parse as _sre  # type: ignore[no-redef]

_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
    _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_NOT_SPACE: r"\S",
}
# Items that match no character: they narrow where a match starts, never widen it.
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = tuple(op for op in (getattr(_sre, name, None) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"))
                 if op is not None)
_NEWLINE = re.compile("\n")

# Characters Python's case folding maps onto ASCII letters: Kelvin sign, long s, dotted and dotless i.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def plain_text(text: str) -> bool:
    """True when a case-insensitive comparison of ASCII letters and digits is decided by the lower-cased
    text: the text holds none of :data:`FOLDS_TO_ASCII` and no decimal digits beyond ASCII ones."""
    if text.isascii():
        return True
    chars = set("".join(_NON_ASCII.findall(text)))
    return not (chars & FOLDS_TO_ASCII) and not any(ch.isdecimal() for ch in chars)


def lower_text(text: str) -> Optional[str]:
    """``text.lower()`` when case-insensitive matches can be read there (:func:`plain_text`, and
    lower-casing keeps every offset); else None."""
    if not plain_text(text):
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


First = tuple[list[str], bool]  # (character class items, whether the pattern may match the empty string)
def first_char_lookahead(patterns: Iterable[str], flags: int = 0) -> str:
    """``(?=[...])`` holding every character a match of any of ``patterns`` can start with, or "".

    Put it in front of the patterns' alternation compiled with the same ``flags``
    (case folding applies to the class as it does to the patterns).
    """
    items: list[str] = []
    for pattern in patterns:
        found = _first(list(_sre.parse(pattern, flags)), flags)
        if found is None or found[1]:
            return ""  # unknown, or a match may be empty (and so start anywhere)
        items.extend(found[0])
    return "(?=[" + "".join(dict.fromkeys(items)) + "])" if items else ""


def line_matches(pattern: "re.Pattern[str]", text: str) -> list["re.Match[str]"]:
    """``list(pattern.finditer(text))`` for a pattern that can only match at a line start (``^`` with ``re.M``).

    ``pattern.match(text, pos)`` sees the text before ``pos``, so ``^`` (and ``\\b``)
    behave as in ``finditer``; a match ends where ``finditer`` would search on.
    """
    out: list[re.Match[str]] = []
    pos = 0  # where finditer would look next
    for start in [0] + [m.end() for m in _NEWLINE.finditer(text)]:
        if start < pos:
            continue
        m = pattern.match(text, start)
        if m is not None:
            out.append(m)
            pos = m.end() if m.end() > start else start + 1
    return out


def _first(seq: list, flags: int = 0) -> Optional[First]:
    """The first characters of the item sequence ``seq``; None if this module cannot tell."""
    items: list[str] = []
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        found = _first_of_item(op, av, flags)
        if found is None:
            return None
        items.extend(found[0])
        if not found[1]:
            return items, False
    return items, True  # every item may match empty


def _first_of_item(op, av, flags: int = 0) -> Optional[First]:
    if op is _sre.LITERAL:
        return [_char(av)], False
    if op is _sre.IN:
        items = _class_items(av)
        return None if items is None else (items, False)
    if op is _sre.BRANCH:
        out: list[str] = []
        empty = False
        for alt in av[1]:
            found = _first(list(alt), flags)
            if found is None:
                return None
            out.extend(found[0])
            empty = empty or found[1]
        return out, empty
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or (del_flags and not (del_flags == re.I and flags & re.I)):
            return None  # '(?i:...)' inside: the class would not follow the same case rules
        return _first(list(sub), flags)
    if op in _REPEATS:
        lo, _hi, sub = av
        found = _first(list(sub), flags)
        return None if found is None else (found[0], found[1] or lo == 0)
    return None  # '.', a negated literal, a back-reference, ...


def _class_items(items: list) -> Optional[list[str]]:
    out: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            out.append(_char(av))
        elif op is _sre.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None  # a negated class ([^...]) and the like
    return out


def _char(code: int) -> str:
    return re.escape(chr(code))
