"""Lists of awards, one line each: "This year's winners were:" then "- Best Robot Award: X",
"- Young Researcher Prize (shared): Y and Z". Each line is an AWARD event of its own (its winners
are not its doers); it was presented with the award ceremony told before the list, so it takes
that award's day and place when mentions merge (:func:`.merge.merge`)."""

from __future__ import annotations

import re

from .candidate import Candidate
from .context import DocContext

# A bulleted line that opens with a title-cased name ending in Award / Prize / Medal, then a colon.
_AWARD_LINE = re.compile(
    r"[-•*–]\s+(?P<name>(?:[A-Z0-9][\w&'-]*\s+){0,8}(?:Award|Prize|Medal))\b[^:\n]{0,30}:")
_BULLETS = frozenset("-•*–")


def award_lines(ctx: DocContext) -> list[Candidate]:
    """The awards of the document's bulleted award lists."""
    out: list[Candidate] = []
    text = ctx.text
    for k, unit in enumerate(ctx.units):
        first = unit.start_char
        # (the parser may leave the bullet at the end of the sentence before: start at the line's start)
        line = text.rfind("\n", 0, first) + 1
        if first - line > 2 or text[line : line + 1] not in _BULLETS:
            continue  # (a cheap test first: most lines are no list items)
        m = _AWARD_LINE.match(text, line, unit.end_char)
        if m is None or m.start("name") < first:
            continue
        s, e = m.span("name")
        cand = Candidate("AWARD", m.group("name"), unit.start, k, (s, e), (first, unit.end_char))
        cand.named, cand.listed, cand.confidence = True, True, 0.5
        out.append(cand)
    return out
