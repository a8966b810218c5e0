"""TimeML keeps the two ends of a range as two expressions; this splits our one interval back.

We annotate "Sept 17 to 19" as one DATE with value "2018-09-17/2018-09-19"
(the project's convention, see docs/dates.md). TimeML corpora such as
TempEval-3 annotate "Sept 17" and "19" separately; scoring against them needs
the split.
"""

from __future__ import annotations

import re
from .lazyre import lazy

_CONNECTOR = lazy(r"\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b|\band\b)\s*", re.I)


def split_interval(text: str, start: int, end: int, value: str) -> list[tuple[int, int, str]]:
    """``[(start, end, value), ...]``: the two ends of an interval expression, or the expression itself."""
    if "/" not in value or value.startswith("P"):
        return [(start, end, value)]
    left_v, right_v = value.split("/", 1)
    span = text[start:end]
    for m in _CONNECTOR.finditer(span):
        if 0 < m.start() and m.end() < len(span):
            return [(start, start + m.start(), left_v), (start + m.end(), end, right_v)]
    return [(start, end, value)]
