"""The token attributes the rankings stage reads, read once per Doc.

The Matcher, the name finder and the source finder each read several token
attributes with ``Doc.to_array``; here they are read in one call for the whole
stage, and a column becomes a Python list only when some part reads it so.

It also finds tokens by character offset with a bisection over the token
starts: ``Doc.char_span`` builds a Span (and checks its arguments in Python)
for each of the few dozen offsets the stage looks up per article.
"""

from __future__ import annotations

import bisect
from typing import Iterable, Optional

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.errors import Errors
from spacy.tokens import Doc

from ..doc_attrs import doc_text


class DocTable:
    """Attribute columns of every token of ``doc``: ``col(attr)`` a list of ints, ``column(attr)``
    a numpy array (the values ``Doc.to_array`` gives); and character offset -> token lookups."""

    def __init__(self, doc: Doc, attrs: Iterable[int]) -> None:
        self.doc = doc
        self.attrs = list(dict.fromkeys([*attrs, IDX, LENGTH]))
        self._index = {a: k for k, a in enumerate(self.attrs)}
        self.array = doc.to_array(self.attrs) if len(doc) else np.zeros((0, len(self.attrs)), dtype="uint64")
        self._lists: dict[int, list[int]] = {}
        self.starts = self.col(IDX)
        self.n_chars = len(doc_text(doc))

    def col(self, attr: int) -> list[int]:
        """The column as a list (made on first use: some columns are only read as arrays)."""
        found = self._lists.get(attr)
        if found is None:
            found = self._lists[attr] = self.array[:, self._index[attr]].tolist()
        return found

    def column(self, attr: int) -> np.ndarray:
        """The column as a numpy array (unsigned 64-bit)."""
        return self.array[:, self._index[attr]]

    @property
    def lengths(self) -> list[int]:
        """``len(token)`` of every token."""
        return self.col(LENGTH)

    def token_at(self, char: int) -> int:
        """The token whose text or trailing space holds character ``char``; -1 if none.

        Each token covers its text and the space after it, so the tokens cover the
        text without gaps: the token is the last one that starts at or before ``char``.
        """
        if char < 0 or char >= self.n_chars:
            return -1
        return bisect.bisect_right(self.starts, char) - 1

    def expand(self, start_char: int, end_char: int) -> Optional[tuple[int, int]]:
        """``(start, end)`` token offsets of ``doc.char_span(start_char, end_char, alignment_mode="expand")``,
        or None where it gives None (it raises where that raises)."""
        start = self.token_at(start_char)
        if start < 0:
            return None
        end = self.token_at(end_char - 1)
        if end < 0:
            return None
        if start_char == self.starts[start] + self.lengths[start]:
            start += 1  # the offset is the space after a token: the span starts with the next one
        end += 1
        if not 0 <= start <= end <= len(self.starts):
            raise IndexError(Errors.E035.format(start=start, end=end, length=len(self.starts)))
        return start, end
