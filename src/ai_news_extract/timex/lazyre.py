"""Regular expressions compiled on first use.

The tagger has about a hundred patterns and as many small context checks.
Compiling them all costs about 100 ms, most of it for patterns a given article
never needs (a text with no "quarter" never runs the quarter rules). A
:class:`LazyPattern` stands in for a compiled ``re.Pattern`` and compiles it
the first time it is used, so importing the package, building a tagger and
tagging a first article pay only for what that article needs. Matching is
unchanged: the compiled pattern does the work.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional

from ..scan import first_char_lookahead


class LazyPattern:
    """A ``re.Pattern`` compiled on first use (``search``, ``match``, ``finditer``, ... pass through).

    ``ahead``: put a look-ahead for the characters a match can start with in front
    (:func:`ai_news_extract.scan.first_char_lookahead`), for a pattern searched
    through a stretch of text: most positions fail at one test. Same matches.
    """

    __slots__ = ("source", "flags", "ahead", "_compiled")

    def __init__(self, source: str, flags: int = 0, ahead: bool = False) -> None:
        self.source = source
        self.flags = flags
        self.ahead = ahead
        self._compiled: Optional[re.Pattern[str]] = None

    @property
    def compiled(self) -> re.Pattern[str]:
        p = self._compiled
        if p is None:
            source = self.source
            if self.ahead:
                try:
                    first = first_char_lookahead([source], self.flags)
                except re.error:
                    first = ""  # re.compile reports the error
                source = f"{first}(?:{source})" if first else source
            p = self._compiled = re.compile(source, self.flags)
        return p

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    def search(self, string: str, *args: int) -> Optional[re.Match[str]]:
        return self.compiled.search(string, *args)

    def match(self, string: str, *args: int) -> Optional[re.Match[str]]:
        return self.compiled.match(string, *args)

    def fullmatch(self, string: str, *args: int) -> Optional[re.Match[str]]:
        return self.compiled.fullmatch(string, *args)

    def finditer(self, string: str, *args: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, *args)

    def findall(self, string: str, *args: int) -> list[Any]:
        return self.compiled.findall(string, *args)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def __getattr__(self, name: str) -> Any:  # groupindex, pattern, split ...
        if name.startswith("_"):
            raise AttributeError(name)  # no lookup of private or special names (pickle, copy) on the pattern
        return getattr(self.compiled, name)

    def __getstate__(self) -> tuple[str, int, bool]:
        return self.source, self.flags, self.ahead

    def __setstate__(self, state: tuple) -> None:
        self.source, self.flags = state[0], state[1]
        self.ahead = state[2] if len(state) > 2 else False
        self._compiled = None

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r}, {self.flags!r}{', compiled' if self.is_compiled else ''})"


def lazy(source: str, flags: int = 0, ahead: bool = False) -> LazyPattern:
    """``re.compile(source, flags)``, deferred to the first use; ``ahead``: see :class:`LazyPattern`."""
    return LazyPattern(source, flags, ahead)
