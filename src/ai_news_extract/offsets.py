"""Character offsets -> token indices, without spaCy Span objects.

``Doc.char_span`` builds a Span (and checks its arguments in Python) for every
lookup; the stages look up a few dozen offsets per article, so they map them by
bisection over the token start offsets instead, with spaCy's own rule: a
character belongs to the token whose text or trailing space holds it (tokens and
their trailing spaces tile ``doc.text``).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional, Sequence

from spacy.errors import Errors


def expand_span(starts: Sequence[int], lengths: Sequence[int], n_chars: int, start_char: int,
                end_char: int) -> Optional[tuple[int, int]]:
    """``(start, end)`` token indices of ``doc.char_span(start_char, end_char, alignment_mode="expand")``,
    None where that gives None (and it raises where that raises).

    ``starts``: ``Token.idx`` of every token; ``lengths``: ``len(token)``; ``n_chars``: ``len(doc.text)``.
    """
    if not (0 <= start_char < n_chars and 0 < end_char <= n_chars):
        return None
    start = bisect_right(starts, start_char) - 1
    end = bisect_right(starts, end_char - 1)
    if start_char == starts[start] + lengths[start]:
        start += 1  # the offset is the space after a token: the span starts with the next one
    if not 0 <= start <= end <= len(starts):
        raise IndexError(Errors.E035.format(start=start, end=end, length=len(starts)))
    return start, end
