"""The token attributes the rankings stage reads, read once per Doc.

The Matcher, the name finder and the source finder each read several token
attributes with ``Doc.to_array``; here they are read in one call for the whole
stage, and a column becomes a Python list only when some part reads it so.

It also maps character offsets to tokens (``offsets.expand_span``) from its
start and length columns, without a Span per lookup, and gives the text of a
token range as a slice of ``doc.text`` (``Span.text`` joins the tokens' texts:
some microseconds a call).
"""

from __future__ import annotations

from typing import Iterable, Optional

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from ..doc_attrs import doc_text
from ..offsets import expand_span


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
        self.text = doc_text(doc)
        self.n_chars = len(self.text)

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

    def expand(self, start_char: int, end_char: int) -> Optional[tuple[int, int]]:
        """``(start, end)`` token offsets of ``doc.char_span(start_char, end_char, alignment_mode="expand")``,
        or None where it gives None (it raises where that raises)."""
        return expand_span(self.starts, self.lengths, self.n_chars, start_char, end_char)

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text``: the tokens and the spaces between them, as ``doc.text`` holds them
        (``start`` and ``end`` are token offsets, 0 <= start <= end <= len(doc))."""
        if end <= start:
            return ""
        return self.text[self.starts[start] : self.starts[end - 1] + self.lengths[end - 1]]

    def end_char(self, end: int) -> int:
        """``doc[start:end].end_char`` for a range of one token or more: where token ``end - 1`` ends."""
        return self.starts[end - 1] + self.lengths[end - 1]
